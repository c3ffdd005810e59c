import { test } from '@japa/runner'
import { ID_PATTERN, MAX_ID, parseId, positiveIntegerPattern } from '#contract/limits'

test.group('Contract limits: ids', () => {
  test('ID_PATTERN accepts exactly 1 … 2,147,483,647 without sign or leading zero', ({
    assert,
  }) => {
    for (const id of ['1', '9', '10', '999999999', '1000000000', '2147483453', String(MAX_ID)]) {
      assert.isTrue(ID_PATTERN.test(id), id)
      assert.equal(parseId(id), Number(id))
    }
    for (const id of ['0', '01', '-1', '+1', '1.0', '1e3', '2147483648', '9999999999', '', ' 1']) {
      assert.isFalse(ID_PATTERN.test(id), id)
      assert.isNull(parseId(id), id)
    }
    assert.isNull(parseId(0))
    assert.isNull(parseId(1.5))
    assert.isNull(parseId(MAX_ID + 1))
    assert.equal(parseId(MAX_ID), MAX_ID)
    assert.isNull(parseId(true))
  })

  test('positiveIntegerPattern agrees with a numeric comparison around every digit boundary', ({
    assert,
  }) => {
    for (const max of [9, 10, 57, 100, 2024, 31_415, MAX_ID]) {
      const pattern = new RegExp(positiveIntegerPattern(max))
      const probes = new Set<number>([1, max, max + 1, max - 1, max * 10])
      for (let scale = 1; scale <= max * 10; scale *= 10) {
        probes.add(scale)
        probes.add(scale - 1)
        probes.add(Math.floor(max / scale) * scale)
        probes.add(Math.floor(max / scale) * scale + scale)
      }
      for (const value of probes) {
        if (value >= 1) {
          assert.equal(pattern.test(String(value)), value <= max, `${value} vs ${max}`)
        }
      }
    }
  })
})
