import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import zhBase from './zh-CN'
import enBase from './en'
import { featuresEn, featuresZh } from './features'

const zhCN = { ...zhBase, ...featuresZh }
const en = { ...enBase, ...featuresEn }

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]))
}
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? sources(p) : /\.(vue|ts)$/.test(f) && !f.endsWith('.test.ts') && !p.includes('/schema/') ? [p] : []
  })
}

describe('every string through vue-i18n', () => {
  it('has the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
  it('defines every literal key the screens use', () => {
    const all = new Set(keys(zhCN))
    const used = sources(join(import.meta.dirname, '..')).flatMap((p) =>
      [...readFileSync(p, 'utf8').matchAll(/\b(?:t|td)\('([a-zA-Z.]+)'|label: '([a-zA-Z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1] ?? m[2]!))
    expect(used.filter((k) => !all.has(k))).toEqual([])
  })
})
