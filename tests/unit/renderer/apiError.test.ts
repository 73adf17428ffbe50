import { describe, expect, it } from 'vitest'
import { parseApiResponse, toApiError, UNAUTHORIZED_MESSAGE } from '../../../src/renderer/src/lib/apiError'
import { AppError } from '../../../src/shared/errors'

describe('parseApiResponse', () => {
  it('returns the result of an ok envelope', () => {
    expect(parseApiResponse('POST /api/appInfo', 200, { ok: true, result: { version: '1' } })).toEqual({ version: '1' })
    expect(parseApiResponse('IPC listVideos', 200, { ok: true, result: [] })).toEqual([])
  })

  it('throws the error of a failed envelope with code, message and details', () => {
    try {
      parseApiResponse('POST /api/openDataset', 200, {
        ok: false,
        error: { code: 'no-layout', message: 'no frames found', details: ['a', 2] }
      })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(AppError)
      const e = err as AppError
      expect(e.code).toBe('no-layout')
      expect(e.message).toBe('no frames found')
      expect(e.details).toEqual(['a', '2'])
      expect(e.toBody()).toEqual({ code: 'no-layout', message: 'no frames found', details: ['a', '2'] })
    }
  })

  it('turns HTTP 401 into the "needs the printed link" message', () => {
    expect(() => parseApiResponse('POST /api/appInfo', 401, { ok: false, error: { code: 'unauthorized', message: 'x' } })).toThrow(
      UNAUTHORIZED_MESSAGE
    )
  })

  it('says what came back when the body is not an envelope', () => {
    expect(() => parseApiResponse('POST /api/appInfo', 502, undefined)).toThrow(
      /POST \/api\/appInfo answered HTTP 502 without the expected JSON envelope/
    )
    expect(() => parseApiResponse('IPC appInfo', 200, { ok: false })).toThrow(/ok:false without a \{code, message\}/)
  })
})

describe('toApiError', () => {
  it('keeps ApiErrors and error bodies', () => {
    const e = new AppError('not-found', 'y')
    expect(toApiError(e)).toBe(e)
    const fromBody = toApiError({ code: 'no-maps', message: 'm', details: ['d'] })
    expect([fromBody.code, fromBody.message, fromBody.details]).toEqual(['no-maps', 'm', ['d']])
    // a code this build does not know (an older or newer host) is kept in the details
    const foreign = toApiError({ code: 'c', message: 'm' })
    expect([foreign.code, foreign.details]).toEqual(['internal', ['code c']])
  })

  it('uses a string code property of an Error, else internal / network', () => {
    const coded = Object.assign(new Error('gone'), { code: 'dataset-missing', details: ['/data'] })
    expect(toApiError(coded)).toMatchObject({ code: 'dataset-missing', message: 'gone', details: ['/data'] })
    expect(toApiError(new Error('boom')).code).toBe('internal')
    expect(toApiError(new TypeError('Failed to fetch')).code).toBe('network')
    expect(toApiError('plain').message).toBe('plain')
  })
})
