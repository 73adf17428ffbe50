// `avsal checkpoint inspect FILE --json`: the tensors of a PyTorch checkpoint.
import { checkpointInspectJson, inspectCheckpoint } from '../../app'
import { usage } from './output'

export async function runCheckpoint(args: string[], json: boolean): Promise<number> {
  const [sub, file] = args
  if (sub !== 'inspect' || !file || args.length !== 2) {
    throw usage('usage: avsal checkpoint inspect FILE [--json]')
  }
  if (json) {
    process.stdout.write(`${checkpointInspectJson(file)}\n`)
    return 0
  }
  const report = inspectCheckpoint(file)
  for (const t of report.tensors) {
    process.stdout.write(`${t.key}\t${t.dtype}\t[${t.shape.join(', ')}]\tsum=${t.sum}\n`)
  }
  process.stdout.write(`${report.tensors.length} tensors\n`)
  return 0
}
