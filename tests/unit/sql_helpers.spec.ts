import { test } from '@japa/runner'
import { containsPattern, isForeignKeyViolation, isUniqueViolation } from '#services/sql'

test.group('SQL helpers', () => {
  test('containsPattern escapes LIKE wildcards and the escape character', ({ assert }) => {
    assert.equal(containsPattern('국밥'), '%국밥%')
    assert.equal(containsPattern('100%'), '%100!%%')
    assert.equal(containsPattern('a_b'), '%a!_b%')
    assert.equal(containsPattern('wow!'), '%wow!!%')
    assert.equal(containsPattern('it\'s \\ "q"'), '%it\'s \\ "q"%')
  })

  test('recognises unique and foreign-key violations of both databases', ({ assert }) => {
    assert.isTrue(isUniqueViolation({ code: '23505' }))
    assert.isTrue(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }))
    assert.isTrue(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))
    assert.isFalse(isUniqueViolation({ code: '23503' }))
    assert.isFalse(isUniqueViolation(undefined))
    assert.isTrue(isForeignKeyViolation({ code: '23503' }))
    assert.isTrue(isForeignKeyViolation({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }))
    assert.isFalse(isForeignKeyViolation(new Error('x')))
  })
})
