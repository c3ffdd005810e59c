import db from '@adonisjs/lucid/services/db'
import ApiException from '#exceptions/api_exception'
import { bouncerFor } from '#policies/main'
import RecipePolicy from '#policies/recipe_policy'
import CommentPolicy from '#policies/comment_policy'
import { isUniqueViolation, isForeignKeyViolation } from '#services/sql'
import CompiledQuery, { param } from '#database/engine/compiled_query'
import {
  COMMENT_NOT_FOUND,
  DUPLICATE_LIKE,
  LIKE_NOT_FOUND,
  POST_NOT_FOUND,
} from '#contract/messages'

/* What differs between liking a recipe and liking a comment. */
export interface LikeKind {
  itemTable: 'posts' | 'comments'
  likeTable: 'post_likes' | 'comment_likes'
  foreignKey: 'post_id' | 'comment_id'
  notFound: string
  /* Whose `like` action says who may like the item (not its author). */
  policy: typeof RecipePolicy | typeof CommentPolicy
}

export const POST_LIKES: LikeKind = {
  itemTable: 'posts',
  likeTable: 'post_likes',
  foreignKey: 'post_id',
  notFound: POST_NOT_FOUND,
  policy: RecipePolicy,
}

export const COMMENT_LIKES: LikeKind = {
  itemTable: 'comments',
  likeTable: 'comment_likes',
  foreignKey: 'comment_id',
  notFound: COMMENT_NOT_FOUND,
  policy: CommentPolicy,
}

/*
 * Unliking something the caller has not liked is 404 LIKE_NOT_FOUND (the
 * like, as a resource, does not exist), rather than a silent 200.
 */

/*
 * The one implementation of likes, for recipes and comments alike. The
 * composite primary key (item, member) makes a second like impossible even
 * for concurrent requests: the insert does nothing on conflict. The like
 * count is the trigger-kept column, read back after the write.
 */
export default class LikeService {
  /**
   * Likes an item; answers the new like count. The insert reads the item
   * itself and skips the caller's own one (`member_id <> ?`: the policy's
   * `like` rule, applied in the same statement), so a like is two statements;
   * only when nothing was inserted does a read tell 404, the policy's 403 and
   * 409 apart.
   */
  static async like(kind: LikeKind, memberId: number, itemId: number) {
    let inserted: unknown[]
    try {
      inserted = await CompiledQuery.of(`likes.insert:${kind.likeTable}`, () =>
        db.rawQuery(
          `INSERT INTO ${kind.likeTable} (${kind.foreignKey}, member_id, created_at)
             SELECT id, ?, ? FROM ${kind.itemTable} WHERE id = ? AND member_id <> ?
             ON CONFLICT DO NOTHING RETURNING member_id`,
          [param('memberId'), param('now'), param('itemId'), param('memberId')]
        )
      ).run({ memberId, now: new Date(), itemId })
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw ApiException.conflict(DUPLICATE_LIKE)
      }
      if (isForeignKeyViolation(error)) {
        /* The item was deleted while the like was being written. */
        throw ApiException.notFound(kind.notFound)
      }
      throw error
    }
    if (inserted.length === 0) {
      const item = await this.#item(kind, itemId)
      await bouncerFor({ id: memberId })
        .with(kind.policy)
        .authorize('like', { memberId: item.member_id })
      throw ApiException.conflict(DUPLICATE_LIKE)
    }
    return this.#count(kind, itemId)
  }

  /** Takes a like back; answers the new like count. */
  static async unlike(kind: LikeKind, memberId: number, itemId: number) {
    await this.#item(kind, itemId)
    const deleted = await db
      .from(kind.likeTable)
      .where(kind.foreignKey, itemId)
      .where('member_id', memberId)
      .delete()
    if (affected(deleted) === 0) {
      throw ApiException.notFound(LIKE_NOT_FOUND)
    }
    return this.#count(kind, itemId)
  }

  /* Both reads run on every like and unlike: compiled once per table (see CompiledQuery). */
  static async #item(kind: LikeKind, itemId: number) {
    const [item] = await CompiledQuery.of(`likes.item:${kind.itemTable}`, () =>
      db.from(kind.itemTable).where('id', param('itemId')).select('member_id').limit(1)
    ).run<{ member_id: number }>({ itemId })
    if (!item) {
      throw ApiException.notFound(kind.notFound)
    }
    return item
  }

  static async #count(kind: LikeKind, itemId: number) {
    const [row] = await CompiledQuery.of(`likes.count:${kind.itemTable}`, () =>
      db.from(kind.itemTable).where('id', param('itemId')).select('like_count').limit(1)
    ).run<{ like_count: number | string }>({ itemId })
    return Number(row?.like_count ?? 0)
  }
}

function affected(result: unknown) {
  return Number(Array.isArray(result) ? result[0] : result) || 0
}
