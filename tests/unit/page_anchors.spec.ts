import { test } from '@japa/runner'
import PageAnchors from '#services/recipes/page_anchors'

const DEEP = PageAnchors.MIN_OFFSET

test.group('PageAnchors', () => {
  test('a page leaves its first row and, when more follow, its last row', ({ assert }) => {
    const anchors = new PageAnchors()
    anchors.remember('latest', 7, DEEP, [50, 49, 48], 2000)
    assert.deepEqual(anchors.find('latest', DEEP), { anchor: { id: 50, from: true }, version: 7 })
    assert.deepEqual(anchors.find('latest', DEEP + 3), {
      anchor: { id: 48, from: false },
      version: 7,
    })
    assert.isUndefined(anchors.find('latest', DEEP + 1))
    assert.isUndefined(anchors.find('oldest', DEEP))

    /* The last page: nothing after it. */
    anchors.remember('latest', 7, DEEP + 10, [3, 2, 1], DEEP + 13)
    assert.isDefined(anchors.find('latest', DEEP + 10))
    assert.isUndefined(anchors.find('latest', DEEP + 13))
  })

  test('a newer version replaces a list’s positions; an older one is ignored', ({ assert }) => {
    const anchors = new PageAnchors()
    anchors.remember('latest', 7, DEEP, [50], 2000)
    anchors.remember('latest', 8, DEEP + 10, [40], 2000)
    assert.isUndefined(anchors.find('latest', DEEP), 'seen at version 7')
    assert.equal(anchors.find('latest', DEEP + 10)?.version, 8)

    anchors.remember('latest', 7, DEEP + 20, [30], 2000)
    assert.isUndefined(anchors.find('latest', DEEP + 20))
    assert.equal(anchors.find('latest', DEEP + 10)?.version, 8)
  })

  test('shallow pages, empty pages and unreadable versions leave nothing', ({ assert }) => {
    const anchors = new PageAnchors()
    anchors.remember('latest', 7, DEEP - 10, [50, 49], 2000)
    assert.isUndefined(anchors.find('latest', DEEP - 10))
    anchors.remember('latest', 7, DEEP, [], 2000)
    assert.isUndefined(anchors.find('latest', DEEP))
    anchors.remember('latest', Number.NaN, DEEP, [50], 2000)
    assert.isUndefined(anchors.find('latest', DEEP))
  })

  test('positions per list and lists are bounded, oldest first out', ({ assert }) => {
    const anchors = new PageAnchors()
    for (let page = 0; page < 40; page++) {
      anchors.remember('latest', 1, DEEP + page * 10, [page], DEEP + page * 10 + 1)
    }
    assert.isUndefined(anchors.find('latest', DEEP))
    assert.isDefined(anchors.find('latest', DEEP + 39 * 10))
    assert.isDefined(anchors.find('latest', DEEP + 8 * 10))

    for (let list = 0; list < 1001; list++) {
      anchors.remember(`q${list}`, 1, DEEP, [list], 2000)
    }
    assert.isUndefined(anchors.find('latest', DEEP + 39 * 10), 'least recently used list')
    assert.isDefined(anchors.find('q1000', DEEP))
    anchors.clear()
    assert.isUndefined(anchors.find('q1000', DEEP))
  })
})
