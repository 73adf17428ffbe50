// Every option is checked in one place with one message, whichever host sent the request.
import { describe, expect, it } from 'vitest'
import { API_SCHEMAS, OPTION_MESSAGES, parseFrameRange, parseWith } from '../../../src/shared/schemas'

const errorOf = (work: () => unknown): { code: string; message: string; details?: string[] } => {
  try {
    work()
  } catch (err) {
    return err as { code: string; message: string; details?: string[] }
  }
  throw new Error('no error')
}

const start = (request: Record<string, unknown>) => () => parseWith(API_SCHEMAS.startInference, [request], 'startInference')

describe('request schemas', () => {
  it('parses frame ranges as the viewer numbers frames (0-based, inclusive)', () => {
    expect(parseFrameRange('0-63')).toEqual({ first: 0, last: 63 })
    expect(parseFrameRange(' 10 – 20 ')).toEqual({ first: 10, last: 20 })
    expect(parseFrameRange('7')).toEqual({ first: 7, last: 7 })
    for (const bad of ['63-0', '-5', 'a-b', '1.5-3', '']) {
      expect(errorOf(() => parseFrameRange(bad))).toMatchObject({ code: 'bad-argument', message: expect.stringContaining(OPTION_MESSAGES.frames) })
    }
  })

  it('answers each bad option with its one message, and says where it is', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ threads: 0 }, OPTION_MESSAGES.threads],
      [{ threads: Number.NaN }, OPTION_MESSAGES.threads],
      [{ batch: 999 }, OPTION_MESSAGES.batch],
      [{ runtime: 'cuda' }, OPTION_MESSAGES.runtime],
      [{ audio: 'loud' }, OPTION_MESSAGES.audio],
      [{ seed: -1 }, OPTION_MESSAGES.seed],
      [{ frames: { first: 4, last: 2 } }, OPTION_MESSAGES.frames]
    ]
    for (const [option, message] of cases) {
      const err = errorOf(start({ datasetId: 1, model: 'vinet', ...option }))
      expect(err, JSON.stringify(option)).toMatchObject({ code: 'bad-argument', message: `startInference: ${message}` })
      expect(err.details?.[0]).toMatch(new RegExp(`^${Object.keys(option)[0]}`))
    }
  })

  it('names a missing or unknown field of a request', () => {
    expect(errorOf(start({ model: 'vinet' })).message).toBe('startInference: an inference request needs "datasetId"')
    expect(errorOf(start({ datasetId: 1, model: 'vinet', thread: 2 })).message).toBe('startInference: an inference request has no option "thread"')
    expect(errorOf(() => parseWith(API_SCHEMAS.startEvaluation, [{ datasetId: 1 }], 'startEvaluation')).message).toBe(
      'startEvaluation: an evaluation request needs "predDir"'
    )
  })

  it('trims text and keeps what is valid', () => {
    const [request] = parseWith(API_SCHEMAS.startInference, [{ datasetId: 3, model: ' vinet ', frames: { first: 0, last: 63 }, threads: 2 }], 'x')
    expect(request).toEqual({ datasetId: 3, model: 'vinet', frames: { first: 0, last: 63 }, threads: 2 })
  })
})
