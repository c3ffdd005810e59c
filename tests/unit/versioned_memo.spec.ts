import { test } from '@japa/runner'
import VersionedMemo from '#services/recipes/versioned_memo'

test.group('VersionedMemo', () => {
  test('a value holds for its version; a newer version replaces it, an older one is refused', ({
    assert,
  }) => {
    const memo = new VersionedMemo<number>(10)
    assert.equal(
      memo.at('찌개', 5, () => 12),
      12
    )
    assert.deepEqual(memo.get('찌개'), { version: 5, value: 12 })
    assert.equal(
      memo.at('찌개', 5, () => 99),
      12,
      'same version: the kept value'
    )
    assert.isUndefined(memo.at('찌개', 4, () => 11))
    assert.deepEqual(memo.get('찌개'), { version: 5, value: 12 })
    assert.equal(
      memo.at('찌개', 6, () => 13),
      13
    )
    assert.deepEqual(memo.get('찌개'), { version: 6, value: 13 })
    assert.isUndefined(memo.at('된장', Number.NaN, () => 1))
    assert.isUndefined(memo.get('된장'))
  })

  test('bounded: the least recently used key goes first', ({ assert }) => {
    const memo = new VersionedMemo<number>(3)
    for (const key of ['a', 'b', 'c']) {
      memo.at(key, 1, () => 0)
    }
    memo.get('a')
    memo.at('d', 1, () => 0)
    assert.isUndefined(memo.get('b'))
    assert.isDefined(memo.get('a'))
    assert.isDefined(memo.get('c'))
    memo.clear()
    assert.isUndefined(memo.get('a'))
  })
})
