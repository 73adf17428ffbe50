// Solo / mute of the heard player's panels, and which tracks sound.
import { describe, expect, it } from 'vitest'
import { audibleSources, initialAudition, isAudible, isMuted, keepPanels, toggleMute, toggleSolo } from '../../../src/renderer/src/lib/audition'

const panels = [
  { id: 1, source: 'gt' },
  { id: 2, source: 'real' },
  { id: 3, source: 'zero' },
  { id: 4, source: null } // the visual-only model hears nothing
]

describe('audition', () => {
  it('starts with only the real panel heard', () => {
    const a = initialAudition([1, 2, 3, 4], 2)
    expect(a).toEqual({ solo: null, muted: [1, 3, 4] })
    expect([1, 2, 3, 4].map((id) => isAudible(a, id))).toEqual([false, true, false, false])
    expect([...audibleSources(a, panels)]).toEqual(['real'])
  })

  it('solo is exclusive, wins over mute, and a second press ends it', () => {
    let a = initialAudition([1, 2, 3, 4], 2)
    a = toggleSolo(a, 3)
    expect([...audibleSources(a, panels)]).toEqual(['zero'])
    expect(isAudible(a, 2)).toBe(false)
    // zero was muted: solo still makes it heard
    expect(isMuted(a, 3)).toBe(true)
    a = toggleSolo(a, 1)
    expect(a.solo).toBe(1)
    expect([...audibleSources(a, panels)]).toEqual(['gt'])
    a = toggleSolo(a, 1)
    expect(a.solo).toBeNull()
    expect([...audibleSources(a, panels)]).toEqual(['real'])
  })

  it('mute toggles one panel; a panel without audio is never a source', () => {
    let a = initialAudition([1, 2, 3, 4], 2)
    a = toggleMute(a, 2)
    expect([...audibleSources(a, panels)]).toEqual([])
    a = toggleMute(toggleMute(a, 1), 3)
    expect([...audibleSources(a, panels)].sort()).toEqual(['gt', 'zero'])
    a = toggleSolo(a, 4)
    expect(isAudible(a, 4)).toBe(true)
    expect([...audibleSources(a, panels)]).toEqual([])
  })

  it('plays a source once when two panels show it, and forgets removed panels', () => {
    const twice = [...panels, { id: 5, source: 'real' }]
    expect([...audibleSources({ solo: null, muted: [1, 3, 4] }, twice)]).toEqual(['real'])
    expect(keepPanels({ solo: 5, muted: [1, 5] }, [1, 2])).toEqual({ solo: null, muted: [1] })
  })
})
