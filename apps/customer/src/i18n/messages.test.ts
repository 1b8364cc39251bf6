import { describe, expect, it } from 'vitest'
import zhBase from './zh-CN'
import enBase from './en'
import { featuresEn, featuresZh } from './features'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('the customer texts', () => {
  it('have the same keys in Chinese and English, features included', () => {
    expect(keys({ ...enBase, ...featuresEn }).sort()).toEqual(keys({ ...zhBase, ...featuresZh }).sort())
  })
})
