// The heard player's keys in the keymap: A / Shift+A / N / Shift+N, routed to the study state.
import { describe, expect, it } from 'vitest'
import { DEFAULT_KEYMAP, isStudyAction, resolveKey, type KeyInput } from '../../../src/renderer/src/lib/keymap'

function press(key: string, extra: Partial<KeyInput> = {}): KeyInput {
  return { key, code: `Key${key.toUpperCase()}`, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, repeat: false, ...extra }
}
const idle = { typing: false, held: new Set<string>() }
const action = (input: KeyInput, ctx = idle) => resolveKey(input, ctx)?.action ?? null

describe('heard player keys', () => {
  it('A cycles the condition, Shift+A auditions, N / Shift+N jump to the next / previous differing frame', () => {
    expect(action(press('a'))).toEqual({ type: 'cycle-condition' })
    // Shift makes the key 'A'; Caps Lock alone does too but without shiftKey
    expect(action(press('A', { shiftKey: true }))).toEqual({ type: 'audition' })
    expect(action(press('A'))).toEqual({ type: 'cycle-condition' })
    expect(action(press('n'))).toEqual({ type: 'difference-frame', direction: 1 })
    expect(action(press('N', { shiftKey: true }))).toEqual({ type: 'difference-frame', direction: -1 })
  })

  it('N repeats while held, A and Shift+A do not; none of them fire while typing or with Ctrl', () => {
    expect(action(press('n', { repeat: true }))).toEqual({ type: 'difference-frame', direction: 1 })
    expect(action(press('a', { repeat: true }))).toBeNull()
    expect(action(press('A', { shiftKey: true, repeat: true }))).toBeNull()
    const typing = { typing: true, held: new Set<string>() }
    for (const k of [press('a'), press('A', { shiftKey: true }), press('n'), press('N', { shiftKey: true })]) expect(action(k, typing)).toBeNull()
    expect(action(press('a', { ctrlKey: true }))).toBeNull()
    expect(action(press('n', { metaKey: true }))).toBeNull()
  })

  it('tells study actions from player actions, and no key is bound twice', () => {
    expect(isStudyAction({ type: 'cycle-condition' })).toBe(true)
    expect(isStudyAction({ type: 'audition' })).toBe(true)
    expect(isStudyAction({ type: 'difference-frame', direction: -1 })).toBe(true)
    expect(isStudyAction({ type: 'toggle-play' })).toBe(false)
    expect(isStudyAction({ type: 'step', delta: 1 })).toBe(false)
    const seen = new Set<string>()
    for (const b of DEFAULT_KEYMAP) {
      const id = `${(b.key ?? b.code ?? '').toLowerCase()}|${b.shift ?? false}|${b.whileHeld ?? ''}`
      expect(seen.has(id), id).toBe(false)
      seen.add(id)
    }
  })
})
