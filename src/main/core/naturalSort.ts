// Frame files are ordered by the numbers in their names ("img_2" before "img_10").
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b)
}

const IMAGE_EXT = /\.(png|jpe?g|bmp)$/i

export function isImageFile(name: string): boolean {
  return IMAGE_EXT.test(name)
}
