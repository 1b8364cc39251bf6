import { readFile } from 'node:fs/promises'
// pdf.js's Node build: the PDF's text layer, as a reader's copy-and-paste would see it.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/**
 * The CJK fonts' ToUnicode maps name some ideographs by their radical code points (⻋ for 车,
 * ⽰ for 示): NFKC folds the Kangxi radicals, this table the simplified radicals it leaves alone.
 */
const RADICALS: Record<string, string> = {
  '⻋': '车', '⻔': '门', '⻅': '见', '⻓': '长', '⻢': '马', '⻚': '页', '⻛': '风', '⻜': '飞', '⻄': '西', '⻘': '青',
  '⻩': '黄', '⻬': '齐', '⻮': '齿', '⻝': '食', '⻨': '麦', '⻆': '角', '戶': '户', '⻉': '贝', '⻈': '讠', '⻊': '足'
}

/** Text as a reader sees it: radicals folded to ideographs, no whitespace (pdf.js spaces CJK runs). */
export function normalise(text: string): string {
  return [...text.normalize('NFKC')].map((c) => RADICALS[c] ?? c).join('').replace(/\s+/g, '')
}

/** All text of a PDF file, page by page, normalised (see `normalise`). */
export async function pdfText(path: string): Promise<string> {
  const data = new Uint8Array(await readFile(path))
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '))
  }
  await doc.destroy()
  return normalise(pages.join(''))
}
