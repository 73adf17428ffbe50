// The API method list cannot drift from the contract: a method added to AvsalApi without its
// request schema does not compile (checked here with the TypeScript compiler on the contract
// plus a declaration that adds one method), and at run time every contract method is
// dispatchable by every host. The old list was typed readonly ApiMethod[]: a new method compiled
// and answered unknown-method.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { API_METHODS } from '../../../src/shared/api'
import { API_SCHEMAS } from '../../../src/shared/schemas'
import { AppService } from '../../../src/main/app/service'

const REPO = resolve(import.meta.dirname, '../../..')
const CONTRACT = join(REPO, 'src/shared/api.ts')
const EXTRA = join(REPO, 'tests/unit/shared/__extra_method__.ts')

/** Type errors of the contract, compiled together with `extra` (a virtual file). */
function contractErrors(extra: string | null): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: []
  }
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  const fileExists = host.fileExists.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.readFile = (file) => (extra !== null && resolve(file) === EXTRA ? extra : readFile(file))
  host.fileExists = (file) => (extra !== null && resolve(file) === EXTRA) || fileExists(file)
  host.getSourceFile = (file, language, onError, create) =>
    extra !== null && resolve(file) === EXTRA ? ts.createSourceFile(file, extra, language) : getSourceFile(file, language, onError, create)
  const program = ts.createProgram(extra === null ? [CONTRACT] : [CONTRACT, EXTRA], options, host)
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

describe('the API contract and its schemas', () => {
  it('compiles as it is', () => {
    expect(contractErrors(null)).toEqual([])
  }, 60_000)

  it('does not compile once a method is added to AvsalApi without a schema', () => {
    const errors = contractErrors(`import type {} from '../../../src/shared/api'
declare module '../../../src/shared/api' {
  interface AvsalApi {
    deleteEverything(confirm: boolean): Promise<void>
  }
}
`)
    expect(errors.join('\n')).toMatch(/Type 'true' is not assignable to type 'false'/)
  }, 60_000)

  it('names every schema method in API_METHODS, and every host can dispatch each (none answers unknown-method)', async () => {
    expect([...API_METHODS].sort()).toEqual(Object.keys(API_SCHEMAS).sort())
    const dataDir = mkdtempSync(join(tmpdir(), 'avsal-contract-'))
    const service = new AppService({ dataDir, host: 'browser', version: 'test' })
    try {
      for (const method of API_METHODS) {
        // a surely wrong argument list: the schema must answer, not the dispatcher
        await expect(service.call(method, [{ not: 'valid' }, 'extra', 42]), method).rejects.toMatchObject({ code: 'bad-argument' })
        expect(typeof (service as unknown as Record<string, unknown>)[method], method).toBe('function')
      }
      await expect(service.call('deleteEverything', [])).rejects.toMatchObject({ code: 'unknown-method' })
      await expect(service.call('constructor', [])).rejects.toMatchObject({ code: 'unknown-method' })
    } finally {
      service.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
