// Player keyboard shortcuts as data (ux.md §4's proposed default): Space/K play-pause,
// ←/→ and ,/. frame step, Shift+←/→ ±10, J/L shuttle (K+J / K+L single frames),
// Shift+. / Shift+, speed, Home/End, G go to frame, Esc leaves a field. Inactive while typing.
// The audio-swap study's heard player adds A (next condition in the focused panel, playhead
// kept), Shift+A (audition: solo the focused panel), N / Shift+N (next / previous frame where
// the conditions differ most).

export type PlayerAction =
  | { type: 'toggle-play' }
  | { type: 'pause' }
  | { type: 'step'; delta: number }
  | { type: 'shuttle'; direction: 1 | -1 }
  | { type: 'speed'; direction: 1 | -1 }
  | { type: 'seek-start' }
  | { type: 'seek-end' }
  | { type: 'focus-goto' }
  | { type: 'leave-field' }

/** Keys of the heard player (audio-swap study); the study state acts on them, not the player. */
export type StudyAction =
  | { type: 'cycle-condition' }
  | { type: 'audition' }
  | { type: 'difference-frame'; direction: 1 | -1 }

export type KeyAction = PlayerAction | StudyAction

const STUDY_ACTIONS: ReadonlySet<string> = new Set(['cycle-condition', 'audition', 'difference-frame'])

export function isStudyAction(action: KeyAction): action is StudyAction {
  return STUDY_ACTIONS.has(action.type)
}

export interface KeyBinding {
  /** KeyboardEvent.key, compared case-insensitively for single letters */
  key?: string
  /** KeyboardEvent.code, for punctuation whose `key` changes with Shift ('Period', 'Comma') */
  code?: string
  shift?: boolean
  /** only while this (lower-case) key is held down, e.g. 'k' for K+L */
  whileHeld?: string
  /** fire on auto-repeat while the key is held (frame steps yes, toggles no) */
  repeats: boolean
  /** also fire while focus is in a text field */
  inFields?: boolean
  action: KeyAction
  label: string
}

export const DEFAULT_KEYMAP: readonly KeyBinding[] = [
  { key: 'j', whileHeld: 'k', repeats: true, action: { type: 'step', delta: -1 }, label: 'K+J previous frame' },
  { key: 'l', whileHeld: 'k', repeats: true, action: { type: 'step', delta: 1 }, label: 'K+L next frame' },
  { key: ' ', repeats: false, action: { type: 'toggle-play' }, label: 'Space play / pause' },
  { key: 'k', repeats: false, action: { type: 'pause' }, label: 'K pause' },
  { key: 'j', repeats: false, action: { type: 'shuttle', direction: -1 }, label: 'J reverse / slower' },
  { key: 'l', repeats: false, action: { type: 'shuttle', direction: 1 }, label: 'L play / faster' },
  { key: 'ArrowLeft', repeats: true, action: { type: 'step', delta: -1 }, label: '← previous frame' },
  { key: 'ArrowRight', repeats: true, action: { type: 'step', delta: 1 }, label: '→ next frame' },
  { key: 'ArrowLeft', shift: true, repeats: true, action: { type: 'step', delta: -10 }, label: 'Shift+← back 10 frames' },
  { key: 'ArrowRight', shift: true, repeats: true, action: { type: 'step', delta: 10 }, label: 'Shift+→ forward 10 frames' },
  { key: ',', repeats: true, action: { type: 'step', delta: -1 }, label: ', previous frame' },
  { key: '.', repeats: true, action: { type: 'step', delta: 1 }, label: '. next frame' },
  { code: 'Comma', shift: true, repeats: false, action: { type: 'speed', direction: -1 }, label: 'Shift+, slower' },
  { code: 'Period', shift: true, repeats: false, action: { type: 'speed', direction: 1 }, label: 'Shift+. faster' },
  { key: 'Home', repeats: false, action: { type: 'seek-start' }, label: 'Home first frame' },
  { key: 'End', repeats: false, action: { type: 'seek-end' }, label: 'End last frame' },
  { key: 'g', repeats: false, action: { type: 'focus-goto' }, label: 'G go to frame' },
  { key: 'a', repeats: false, action: { type: 'cycle-condition' }, label: 'A next audio condition in the focused panel (heard player)' },
  { key: 'a', shift: true, repeats: false, action: { type: 'audition' }, label: 'Shift+A audition: solo the focused panel (heard player)' },
  { key: 'n', repeats: true, action: { type: 'difference-frame', direction: 1 }, label: 'N next frame where the conditions differ most (heard player)' },
  { key: 'n', shift: true, repeats: true, action: { type: 'difference-frame', direction: -1 }, label: 'Shift+N previous frame where the conditions differ most (heard player)' },
  { key: 'Escape', repeats: false, inFields: true, action: { type: 'leave-field' }, label: 'Esc leave the field' }
]

export interface KeyInput {
  key: string
  code: string
  shiftKey: boolean
  ctrlKey: boolean
  altKey: boolean
  metaKey: boolean
  repeat: boolean
}

export interface KeyContext {
  /** focus is in a text field / select: shortcuts other than `inFields` ones stay off */
  typing: boolean
  /** lower-case keys currently held down (for K+J / K+L) */
  held: ReadonlySet<string>
}

function normalise(key: string): string {
  return key.length === 1 ? key.toLowerCase() : key
}

function matches(binding: KeyBinding, input: KeyInput, ctx: KeyContext): boolean {
  if (input.ctrlKey || input.altKey || input.metaKey) return false
  if ((binding.shift ?? false) !== input.shiftKey) return false
  if (binding.key !== undefined && normalise(binding.key) !== normalise(input.key)) return false
  if (binding.code !== undefined && binding.code !== input.code) return false
  if (binding.whileHeld !== undefined && !ctx.held.has(binding.whileHeld)) return false
  if (ctx.typing && !binding.inFields) return false
  return true
}

/** The binding a key press triggers, or null (then the browser keeps the key). */
export function resolveKey(input: KeyInput, ctx: KeyContext, keymap: readonly KeyBinding[] = DEFAULT_KEYMAP): KeyBinding | null {
  for (const binding of keymap) {
    if (!matches(binding, input, ctx)) continue
    if (input.repeat && !binding.repeats) return null
    return binding
  }
  return null
}

export interface FocusTarget {
  tagName: string
  /** `type` attribute of an <input> */
  type?: string
  isContentEditable?: boolean
}

// inputs where keys do not type text: shortcuts keep working there (ux.md §4)
const NON_TEXT_INPUTS = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file', 'image'])

/** True when keys typed now belong to a field (text input, textarea, select, contenteditable). */
export function isTypingTarget(target: FocusTarget | null): boolean {
  if (!target) return false
  if (target.isContentEditable) return true
  const tag = target.tagName.toUpperCase()
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase())
  return false
}
