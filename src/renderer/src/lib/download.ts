// Hands text to the user: as a downloaded file (a Blob link) or on the clipboard.

/** Saves `text` as a file named `fileName` through a temporary Blob link. */
export function downloadText(text: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // the click has handed the Blob to the download manager; the URL is no longer needed
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/**
 * Puts `text` on the clipboard. The async Clipboard API needs a secure context and focus; the
 * textarea + execCommand fallback covers pages served over plain HTTP from another host.
 */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text)
    return
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.append(area)
  area.select()
  const ok = document.execCommand('copy')
  area.remove()
  if (!ok) throw new Error('the browser refused to copy to the clipboard (select the text and copy it by hand)')
}

/** A file name part from free text: "UCF Sports / GT" → "UCF-Sports-GT". */
export function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'table'
}
