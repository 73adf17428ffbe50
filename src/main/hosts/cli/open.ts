// `avsal open DIR [--json]`: detect the layout, index the folder, store the catalog, report it.
import type { AppService } from '../../app'
import type { DatasetIssue, DatasetRecord } from '../../../shared/types'
import { printJson } from './output'

function issueLine(issue: DatasetIssue): string {
  const where = issue.video ? ` (${issue.video})` : ''
  return `  ${issue.severity.toUpperCase()} ${issue.code}${where}: ${issue.message}`
}

/** Exit code of `avsal open`: 0 clean (or only notes), 3 opened but with warnings or errors to read. */
export const EXIT_OPENED_WITH_PROBLEMS = 3

function exitCodeFor(issues: DatasetIssue[]): number {
  return issues.some((i) => i.severity !== 'info') ? EXIT_OPENED_WITH_PROBLEMS : 0
}

export async function runOpen(service: AppService, dir: string, json: boolean): Promise<number> {
  const dataset = (await service.call('openDataset', [dir])) as DatasetRecord
  const videos = await service.listVideos(dataset.id)
  const videoIssues: DatasetIssue[] = []
  for (const summary of videos) {
    if (summary.issueCount > 0) videoIssues.push(...(await service.getVideo(summary.id)).issues)
  }
  const allIssues = [...dataset.issues, ...videoIssues]
  if (json) {
    printJson({ dataset, videos, issues: allIssues })
    return exitCodeFor(allIssues)
  }
  const out = process.stdout
  out.write(`${dataset.name}: ${dataset.layoutDetail}\n`)
  out.write(`layout ${dataset.layout}, ${videos.length} video(s), catalog stored in ${(await service.appInfo()).dbPath}\n`)
  for (const v of videos) {
    const gt = [v.hasMaps ? 'maps' : null, v.fixationKind !== 'none' ? `fixations(${v.fixationKind})` : null]
      .filter(Boolean)
      .join('+')
    out.write(
      `  ${v.group ? `${v.group}/` : ''}${v.name}: ${v.frameCount} frames, ${v.fps} fps, ${v.width}x${v.height}, ` +
        `audio ${v.hasAudio ? 'yes' : 'no'}, GT ${gt || 'none'}${v.issueCount ? `, ${v.issueCount} issue(s)` : ''}\n`
    )
  }
  for (const issue of allIssues) out.write(`${issueLine(issue)}\n`)
  const code = exitCodeFor(allIssues)
  if (code !== 0) process.stderr.write(`avsal: opened with ${allIssues.filter((i) => i.severity !== 'info').length} problem(s) listed above (exit ${code})\n`)
  return code
}
