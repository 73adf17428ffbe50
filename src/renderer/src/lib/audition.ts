// Who is heard in the heard player: solo and mute per panel, as pure state transitions.
// Solo is exclusive (soloing a panel un-solos the other) and wins over mute: while a panel is
// soloed only it is heard; otherwise every panel that is not muted is. A panel whose source has
// no audio (the visual-only model, GT of a video without a track) is never heard.

export interface Audition {
  /** the soloed panel's id, or null */
  solo: number | null
  /** ids of muted panels */
  muted: readonly number[]
}

/** At first only `heard` (the real condition's panel) is heard: every other panel starts muted. */
export function initialAudition(panelIds: readonly number[], heard: number | null): Audition {
  return { solo: null, muted: panelIds.filter((id) => id !== heard) }
}

/** Solo button / Shift+A: solo this panel, or un-solo it when it is the soloed one. */
export function toggleSolo(a: Audition, panelId: number): Audition {
  return { ...a, solo: a.solo === panelId ? null : panelId }
}

export function toggleMute(a: Audition, panelId: number): Audition {
  return { ...a, muted: a.muted.includes(panelId) ? a.muted.filter((id) => id !== panelId) : [...a.muted, panelId] }
}

export function isMuted(a: Audition, panelId: number): boolean {
  return a.muted.includes(panelId)
}

/** The panel is heard now (before asking whether its source has audio). */
export function isAudible(a: Audition, panelId: number): boolean {
  return a.solo !== null ? a.solo === panelId : !a.muted.includes(panelId)
}

/** Forgets panels that are gone (a soloed panel that was removed ends the solo). */
export function keepPanels(a: Audition, panelIds: readonly number[]): Audition {
  const solo = a.solo !== null && panelIds.includes(a.solo) ? a.solo : null
  return { solo, muted: a.muted.filter((id) => panelIds.includes(id)) }
}

/**
 * The audio sources to play: those of audible panels that have audio. Several panels may show
 * the same source; it plays once.
 */
export function audibleSources(a: Audition, panels: readonly { id: number; source: string | null }[]): Set<string> {
  const out = new Set<string>()
  for (const p of panels) if (p.source !== null && isAudible(a, p.id)) out.add(p.source)
  return out
}
