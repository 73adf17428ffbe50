import { describe, expect, it } from 'vitest'
import { DEFAULT_KEYMAP, isTypingTarget, resolveKey, type KeyInput } from '../../../src/renderer/src/lib/keymap'

function press(key: string, extra: Partial<KeyInput> = {}): KeyInput {
  const code = extra.code ?? (key.length === 1 && /[a-z]/i.test(key) ? `Key${key.toUpperCase()}` : key)
  return { key, code, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, repeat: false, ...extra }
}

const idle = { typing: false, held: new Set<string>() }
const action = (input: KeyInput, ctx = idle) => resolveKey(input, ctx)?.action ?? null

describe('resolveKey', () => {
  it('maps the video-tool conventions of ux.md §4', () => {
    expect(action(press(' ', { code: 'Space' }))).toEqual({ type: 'toggle-play' })
    expect(action(press('k'))).toEqual({ type: 'pause' })
    expect(action(press('ArrowRight'))).toEqual({ type: 'step', delta: 1 })
    expect(action(press('ArrowLeft'))).toEqual({ type: 'step', delta: -1 })
    expect(action(press('ArrowRight', { shiftKey: true }))).toEqual({ type: 'step', delta: 10 })
    expect(action(press('ArrowLeft', { shiftKey: true }))).toEqual({ type: 'step', delta: -10 })
    expect(action(press('.', { code: 'Period' }))).toEqual({ type: 'step', delta: 1 })
    expect(action(press(',', { code: 'Comma' }))).toEqual({ type: 'step', delta: -1 })
    expect(action(press('l'))).toEqual({ type: 'shuttle', direction: 1 })
    expect(action(press('j'))).toEqual({ type: 'shuttle', direction: -1 })
    expect(action(press('Home'))).toEqual({ type: 'seek-start' })
    expect(action(press('End'))).toEqual({ type: 'seek-end' })
    expect(action(press('g'))).toEqual({ type: 'focus-goto' })
  })

  it('reads Shift+. / Shift+, by physical key, whatever character they type', () => {
    expect(action(press('>', { code: 'Period', shiftKey: true }))).toEqual({ type: 'speed', direction: 1 })
    expect(action(press('<', { code: 'Comma', shiftKey: true }))).toEqual({ type: 'speed', direction: -1 })
  })

  it('turns J / L into single frames while K is held', () => {
    const kHeld = { typing: false, held: new Set(['k']) }
    expect(action(press('l'), kHeld)).toEqual({ type: 'step', delta: 1 })
    expect(action(press('j'), kHeld)).toEqual({ type: 'step', delta: -1 })
  })

  it('letters work with Caps Lock (upper-case key) but not with Ctrl/Alt/Meta', () => {
    expect(action(press('L', { code: 'KeyL' }))).toEqual({ type: 'shuttle', direction: 1 })
    expect(action(press('ArrowRight', { ctrlKey: true }))).toBeNull()
    expect(action(press('l', { metaKey: true }))).toBeNull()
    expect(action(press(' ', { code: 'Space', altKey: true }))).toBeNull()
  })

  it('repeats frame steps on auto-repeat but not toggles or shuttles', () => {
    expect(action(press('ArrowRight', { repeat: true }))).toEqual({ type: 'step', delta: 1 })
    expect(action(press(' ', { code: 'Space', repeat: true }))).toBeNull()
    expect(action(press('l', { repeat: true }))).toBeNull()
  })

  it('stays quiet while typing, except Escape which leaves the field', () => {
    const typing = { typing: true, held: new Set<string>() }
    expect(action(press(' ', { code: 'Space' }), typing)).toBeNull()
    expect(action(press('ArrowLeft'), typing)).toBeNull()
    expect(action(press('l'), typing)).toBeNull()
    expect(action(press('Escape'), typing)).toEqual({ type: 'leave-field' })
  })

  it('ignores keys it does not know', () => {
    expect(action(press('x'))).toBeNull()
    expect(action(press('F5'))).toBeNull()
  })

  it('gives every binding a label', () => {
    for (const b of DEFAULT_KEYMAP) expect(b.label.length).toBeGreaterThan(3)
  })
})

describe('isTypingTarget', () => {
  it('treats text fields, textareas, selects and contenteditable as typing', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true)
    expect(isTypingTarget({ tagName: 'input' })).toBe(true)
    expect(isTypingTarget({ tagName: 'INPUT', type: 'number' })).toBe(true)
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true)
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true)
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true)
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true)
  })

  it('keeps shortcuts on buttons, sliders, checkboxes and the page', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'range' })).toBe(false)
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false)
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false)
    expect(isTypingTarget({ tagName: 'BODY' })).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })
})
