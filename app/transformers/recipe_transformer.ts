import { toIsoTimestamp } from '#models/columns'

/*
 * Output shaping of recipes, their lines and comments, in one place: the
 * contract's snake_case field names, JSON numbers for money and counts,
 * quantities as canonical decimals, and times as ISO-8601 UTC with ms.
 */

/** A timestamp read by a raw query, as ISO-8601 UTC with ms. */
export const isoTime = toIsoTimestamp

export interface ListRow {
  id: number | string
  title: string
  created_at: unknown
  username: string
  price: number | string
  servings: number | string
  price_per_serving: number | string
  like_count: number | string
  comment_count: number | string
  /* The newest price date among the recipe's lines, as text (null without lines). */
  price_date?: string | null
}

export function listItem(row: ListRow) {
  const date = row.price_date
  return {
    id: Number(row.id),
    title: row.title,
    create_date: isoTime(row.created_at),
    username: row.username,
    price: Number(row.price),
    servings: Number(row.servings),
    price_per_serving: Number(row.price_per_serving),
    like: Number(row.like_count),
    comment_count: Number(row.comment_count),
    price_date: date === null || date === undefined ? null : String(date).slice(0, 10),
  }
}

export interface DetailRow {
  id: number | string
  member_id: number | string
  title: string
  content: string
  username: string
  created_at: unknown
  updated_at: unknown
  like_count: number | string
  liked: unknown
}

export interface CostedLine {
  id: number
  name: string
  measure: string
  quantity: string
  /* null: no price on the date asked for (GET /posts/{id}?asOf=). */
  cost: number | null
}

export function detail(
  row: DetailRow,
  cost: { price: number; pricePerServing: number; servings: number; lines: CostedLine[] }
) {
  return {
    id: Number(row.id),
    title: row.title,
    content: row.content,
    user_id: Number(row.member_id),
    username: row.username,
    create_date: isoTime(row.created_at),
    modify_date: isoTime(row.updated_at),
    price: cost.price,
    servings: cost.servings,
    price_per_serving: cost.pricePerServing,
    like: Number(row.like_count),
    liked: flag(row.liked),
    ingredients: cost.lines.map((line) => ({
      id: line.id,
      name: line.name,
      measure: line.measure,
      quantity: Number(line.quantity),
      cost: line.cost,
    })),
  }
}

export interface CommentRow {
  id: number | string
  content: string
  member_id: number | string
  username: string
  created_at: unknown
  updated_at: unknown
  like_count: number | string
  liked: unknown
}

export function comment(row: CommentRow) {
  return {
    id: Number(row.id),
    content: row.content,
    user_id: Number(row.member_id),
    username: row.username,
    create_date: isoTime(row.created_at),
    modify_date: isoTime(row.updated_at),
    like: Number(row.like_count),
    liked: flag(row.liked),
  }
}

export function editForm(
  post: { id: number | string; title: string; content: string; servings: number | string },
  lines: { id: number | string; name: string; measure: string; quantity: string }[]
) {
  return {
    post: {
      id: Number(post.id),
      title: post.title,
      content: post.content,
      servings: Number(post.servings),
    },
    ingredients: lines.map((line) => ({
      id: Number(line.id),
      name: line.name,
      measure: line.measure,
      quantity: Number(line.quantity),
    })),
  }
}

/* SQLite answers 0/1, PostgreSQL true/false. */
function flag(value: unknown) {
  return value === true || Number(value) === 1
}
