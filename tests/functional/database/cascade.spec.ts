import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Ingredient from '#models/ingredient'
import Member from '#models/member'
import Post from '#models/post'
import Comment from '#models/comment'
import { seedCatalogue } from '#tests/helpers/catalogue'
import { postsTotal, resetDatabase } from '#tests/helpers/database'

async function member(username: string) {
  return Member.create({
    username,
    usernameKey: Member.usernameKeyOf(username),
    email: `${username.toLowerCase()}@example.com`,
    password: 'not-a-real-hash',
  })
}

async function recipeBy(author: Member, ingredientId: number) {
  const post = await Post.create({ memberId: author.id, title: 'r', content: 'c', servings: 1 })
  await db.table('post_ingredients').insert({
    post_id: post.id,
    ingredient_id: ingredientId,
    quantity: '100',
    position: 0,
  })
  return post
}

async function count(table: string) {
  const [{ total }] = await db.from(table).count('* as total')
  return Number(total)
}

/*
 * What the database itself guarantees, whatever the application code does:
 * cascades, the RESTRICT on used ingredients, uniqueness and the trigger-kept
 * counters. Real commits (no wrapping transaction), so a failing statement
 * cannot poison the connection on PostgreSQL.
 */
test.group('Database integrity', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await seedCatalogue()
    return () => resetDatabase()
  })

  test('deleting a member removes their posts, comments, likes and lines, and their likes stop counting', async ({
    assert,
  }) => {
    const [pork] = await Ingredient.query().orderBy('id').limit(1)
    const alice = await member('alice')
    const bob = await member('bob')
    const alicePost = await recipeBy(alice, pork.id)
    const bobPost = await recipeBy(bob, pork.id)

    await Comment.create({ postId: alicePost.id, memberId: bob.id, content: 'bob on alice' })
    const aliceComment = await Comment.create({
      postId: bobPost.id,
      memberId: alice.id,
      content: 'alice on bob',
    })
    const bobComment = await Comment.create({
      postId: bobPost.id,
      memberId: bob.id,
      content: 'bob on bob',
    })
    await db.table('post_likes').multiInsert([
      { post_id: bobPost.id, member_id: alice.id, created_at: new Date() },
      { post_id: alicePost.id, member_id: bob.id, created_at: new Date() },
    ])
    await db.table('comment_likes').multiInsert([
      { comment_id: bobComment.id, member_id: alice.id, created_at: new Date() },
      { comment_id: aliceComment.id, member_id: bob.id, created_at: new Date() },
    ])

    await bobPost.refresh()
    await bobComment.refresh()
    assert.equal(bobPost.likeCount, 1)
    assert.equal(bobPost.commentCount, 2)
    assert.equal(bobComment.likeCount, 1)
    assert.equal(await postsTotal(), 2)

    await alice.delete()

    assert.isNull(await Post.find(alicePost.id))
    assert.equal(await count('posts'), 1)
    assert.equal(await count('post_ingredients'), 1)
    const comments = await Comment.all()
    assert.deepEqual(
      comments.map((comment) => comment.content),
      ['bob on bob']
    )
    assert.equal(await count('post_likes'), 0)
    assert.equal(await count('comment_likes'), 0)
    await bobPost.refresh()
    await bobComment.refresh()
    assert.equal(bobPost.likeCount, 0)
    assert.equal(bobPost.commentCount, 1)
    assert.equal(bobComment.likeCount, 0)
    assert.equal(await postsTotal(), 1)
  })

  test('deleting a post removes its comments, likes and ingredient lines', async ({ assert }) => {
    const [pork] = await Ingredient.query().orderBy('id').limit(1)
    const alice = await member('alice')
    const bob = await member('bob')
    const post = await recipeBy(alice, pork.id)
    const comment = await Comment.create({ postId: post.id, memberId: bob.id, content: 'hi' })
    await db
      .table('post_likes')
      .insert({ post_id: post.id, member_id: bob.id, created_at: new Date() })
    await db
      .table('comment_likes')
      .insert({ comment_id: comment.id, member_id: alice.id, created_at: new Date() })

    await post.delete()

    for (const table of ['posts', 'comments', 'post_likes', 'comment_likes', 'post_ingredients']) {
      assert.equal(await count(table), 0, table)
    }
    assert.equal(await count('members'), 2)
    assert.equal(await postsTotal(), 0)
  })

  test('an ingredient that a recipe uses cannot be deleted; an unused one can', async ({
    assert,
  }) => {
    const [pork, leek] = await Ingredient.query().orderBy('id').limit(2)
    await recipeBy(await member('alice'), pork.id)

    await assert.rejects(() => pork.delete())
    assert.isNotNull(await Ingredient.find(pork.id))
    await leek.delete()
    assert.isNull(await Ingredient.find(leek.id))
  })

  test('usernames are unique case-insensitively, emails and likes are unique', async ({
    assert,
  }) => {
    const alice = await member('Alice')
    await assert.rejects(() => member('ALICE'))
    await assert.rejects(() =>
      Member.create({
        username: 'other',
        usernameKey: 'other',
        email: 'alice@example.com',
        password: 'x',
      })
    )
    const [pork] = await Ingredient.query().orderBy('id').limit(1)
    const post = await recipeBy(alice, pork.id)
    const bob = await member('bob')
    await db
      .table('post_likes')
      .insert({ post_id: post.id, member_id: bob.id, created_at: new Date() })
    await assert.rejects(() =>
      db.table('post_likes').insert({ post_id: post.id, member_id: bob.id, created_at: new Date() })
    )
    await post.refresh()
    assert.equal(post.likeCount, 1)
  })
})
