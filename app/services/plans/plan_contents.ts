/* Over 300 lines on purpose: the plan, its meals and their lines are read by one set of statements for both databases, and kept by the versions those statements read; the parts share its row shapes (costing a meal is in meal_cost.ts). */
import db from '@adonisjs/lucid/services/db'
import { CommittedRead, param } from '#database/engine/compiled_query'
import EngineReads from '#database/engine/engine_reads'
import { LRUCache } from 'lru-cache'
import PlanPolicy, { type PlanAction } from '#policies/plan_policy'
import WriteGeneration from '#services/write_generation'

/*
 * What a plan holds, read in a fixed number of statements whatever the number
 * of meals or lines (contract §9): the plan, its meals with their recipes, and
 * every line of those recipes with its ingredient's current price. The plan's
 * answer and its shopping list are both computed from this. Committed reads
 * on the engine's connections (database/engine): each statement is prepared
 * once, where Lucid would prepare (SQLite) or plan (PostgreSQL) it again on
 * every request. Plan writes commit before they answer, so no read misses one.
 */

export interface PlanRow {
  id: number
  member_id: number
  name: string
  budget: number | null
  created_at: unknown
  updated_at: unknown
}

export interface MealRow {
  date: string
  post_id: number
  title: string
  servings: number
  /* The recipe's own servings: its quantities are for that many. */
  recipe_servings: number
}

export interface LineRow {
  post_id: number
  ingredient_id: number
  name: string
  /* Quantity in `line_measure`, or in the ingredient's own measure when that is null. */
  quantity: string | number
  line_measure: string | null
  measure: string
  price: number
  unit: number
  grams_per_piece: string | number | null
  ml_per_piece: string | number | null
}

/** A recipe line with its ingredient's catalogue entry and current price. */
export interface PlanLine {
  ingredientId: number
  name: string
  measure: string
  price: number
  unit: number
  /* What the conversion to `measure` reads (see preparedMeal in meal_cost.ts). */
  quantity: string | number
  lineMeasure: string | null
  gramsPerPiece: string | number | null
  mlPerPiece: string | number | null
}

export interface PlanContents {
  plan: PlanRow
  meals: MealRow[]
  /* The lines of each recipe of the plan, by ingredient id. */
  linesByRecipe: Map<number, PlanLine[]>
}

/* No LIMIT: the key gives one row at most, and a bound LIMIT makes SQLite plan again on every run. */
const PLAN = () =>
  CommittedRead.of('plans.plan', () =>
    db
      .from('plans')
      .where('id', param('planId'))
      .select('id', 'member_id', 'name', 'budget', 'created_at', 'updated_at')
  )

/* Meals by day, then in the order they were written. */
const MEALS = () =>
  CommittedRead.of('plans.meals', () =>
    db
      .from('plan_meals as pm')
      .join('posts as p', 'p.id', 'pm.post_id')
      .where('pm.plan_id', param('planId'))
      .select(
        db.raw('CAST(pm.date AS TEXT) AS date'),
        'pm.post_id',
        'pm.servings',
        'p.title',
        'p.servings as recipe_servings'
      )
      .orderBy('pm.date', 'asc')
      .orderBy('pm.position', 'asc')
  )

/*
 * Every line of every recipe of the plan, once per recipe however many meals
 * use it. Decimals come as text from PostgreSQL and as numbers from SQLite;
 * the calculator reads both exactly. In primary key order, which SQLite reads
 * without sorting: nothing computed from the lines depends on their order
 * (costs are exact sums; the shopping list is sorted by name).
 */
const LINES = () =>
  CommittedRead.of('plans.lines', () =>
    db
      .from('post_ingredients as pi')
      .join('ingredients as i', 'i.id', 'pi.ingredient_id')
      .whereIn(
        'pi.post_id',
        db.from('plan_meals').where('plan_id', param('planId')).select('post_id')
      )
      .select(
        'pi.post_id',
        'pi.ingredient_id',
        'i.name',
        'pi.quantity',
        'pi.measure as line_measure',
        'i.measure',
        'i.price',
        'i.unit',
        'i.grams_per_piece',
        'i.ml_per_piece'
      )
      .orderBy('pi.post_id', 'asc')
      .orderBy('pi.ingredient_id', 'asc')
  )

/*
 * On PostgreSQL, the plan with its meals and lines in one statement (JSON
 * arrays beside the plan row, same fields and order as the statements
 * above), as the recipe detail does: each statement is a round trip and
 * socket writes, which dominated the server's time there. Each meal and line
 * is a JSON array of its fields in MealFields / LineFields order: no key
 * repeated per line to send and parse. Decimals travel as text so JSON
 * numbers never round them.
 *
 * `version` is the statement's own snapshot (pg_current_snapshot: xmin, xmax
 * and the transactions in progress). Two equal snapshots mean no transaction
 * committed between them: one that was in progress would have left the list,
 * and any later one moves xmax on when it completes. When it equals the
 * version of the contents kept for the plan (`keptVersion`), meals and lines
 * are NULL and not computed (CASE evaluates only its chosen branch); the plan
 * row itself, and so whose plan it is, is read every time.
 */
const SNAPSHOT = 'pg_current_snapshot()::text'
const unlessKept = (subquery: string, name: string) =>
  db.raw(`CASE WHEN ${SNAPSHOT} = ? THEN NULL ELSE (${subquery}) END AS ${name}`, [
    param('keptVersion'),
  ])
const PLAN_IN_ONE_STATEMENT = () =>
  CommittedRead.of('plans.plan.pg', () =>
    db
      .from('plans as p')
      .where('p.id', param('planId'))
      .select('p.id', 'p.member_id', 'p.name', 'p.budget', 'p.created_at', 'p.updated_at')
      .select(db.raw(`${SNAPSHOT} AS version`))
      .select(
        unlessKept(
          `SELECT coalesce(json_agg(json_build_array(
            pm.date::text, pm.post_id, pm.servings, r.title, r.servings) ORDER BY pm.date, pm.position), '[]'::json)
          FROM plan_meals AS pm JOIN posts AS r ON r.id = pm.post_id
          WHERE pm.plan_id = p.id`,
          'meals'
        )
      )
      .select(
        unlessKept(
          `SELECT coalesce(json_agg(json_build_array(
            pi.post_id, pi.ingredient_id, i.name, pi.quantity::text, pi.measure, i.measure,
            i.price, i.unit, i.grams_per_piece::text, i.ml_per_piece::text) ORDER BY pi.post_id, pi.ingredient_id), '[]'::json)
          FROM post_ingredients AS pi JOIN ingredients AS i ON i.id = pi.ingredient_id
          WHERE pi.post_id IN (SELECT pm.post_id FROM plan_meals AS pm WHERE pm.plan_id = p.id)`,
          'lines'
        )
      )
      .limit(1)
  )

/* The order of a meal's and a line's fields in PLAN_IN_ONE_STATEMENT's arrays. */
type MealFields = [string, number, number, string, number]
type LineFields = [
  number,
  number,
  string,
  string,
  string | null,
  string,
  number,
  number,
  string | null,
  string | null,
]

function mealOf([date, postId, servings, title, recipeServings]: MealFields): MealRow {
  return { date, post_id: postId, servings, title, recipe_servings: recipeServings }
}

function lineOf(fields: LineFields): LineRow {
  const [postId, ingredientId, name, quantity, lineMeasure, measure, price, unit] = fields
  return {
    post_id: postId,
    ingredient_id: ingredientId,
    name,
    quantity,
    line_measure: lineMeasure,
    measure,
    price,
    unit,
    grams_per_piece: fields[8],
    ml_per_piece: fields[9],
  }
}

function planLine(row: LineRow): PlanLine {
  return {
    ingredientId: Number(row.ingredient_id),
    name: row.name,
    measure: row.measure,
    price: Number(row.price),
    unit: Number(row.unit),
    quantity: row.quantity,
    lineMeasure: row.line_measure,
    gramsPerPiece: row.grams_per_piece,
    mlPerPiece: row.ml_per_piece,
  }
}

/* A plan's rows as PlanContents: meals with numbers and dates normalised, lines grouped by recipe. */
function contentsOf(plan: PlanRow, meals: MealRow[], lines: LineRow[]): PlanContents {
  const linesByRecipe = new Map<number, PlanLine[]>()
  for (const row of lines) {
    const postId = Number(row.post_id)
    const recipe = linesByRecipe.get(postId) ?? []
    recipe.push(planLine(row))
    linesByRecipe.set(postId, recipe)
  }
  return {
    plan,
    meals: meals.map((meal) => ({
      ...meal,
      date: String(meal.date).slice(0, 10),
      post_id: Number(meal.post_id),
      servings: Number(meal.servings),
      recipe_servings: Number(meal.recipe_servings),
    })),
    linesByRecipe,
  }
}

/*
 * Plans' contents as last read, with the database's version they were read
 * at: SQLite's data version (EngineReads.dataVersion), PostgreSQL's snapshot
 * (PLAN_IN_ONE_STATEMENT). While the version is the same no connection of
 * any process has committed anything since, so the kept contents are exactly
 * what the statements would read again; any commit (a recipe edited, a price
 * imported, the plan changed, or anything else) gives a new version, and the
 * next read goes to the database. Whom a plan is shown to is still decided
 * per request. Read only: callers share them.
 *
 * On PostgreSQL with Redis, an entry also holds the write generation read
 * before its statement (WriteGeneration) and when that statement ran: while
 * the generation is the same and the statement is under UNCHECKED_FOR_MS
 * old, the kept contents are answered with no statement at all. Every write
 * through the API or an ace command is seen by the next read of any process;
 * a write made around them (psql, a restore) within UNCHECKED_FOR_MS.
 */
const keptContents = new LRUCache<
  number,
  {
    version: number | string
    generation?: string | null
    checkedAt?: number
    contents: PlanContents
  }
>({ max: 500 })

/* How long kept contents are answered on the write generation alone, without asking PostgreSQL. */
export const UNCHECKED_FOR_MS = 1000

/**
 * What `compute` derives from kept contents (a plan's answer, its shopping
 * list), once per contents object: kept contents stay the same object until
 * the next commit, so a repeated read skips the costing too. Read only.
 */
export function derivedOnce<T>(
  memo: WeakMap<PlanContents, T>,
  contents: PlanContents,
  compute: (contents: PlanContents) => T
): T {
  let value = memo.get(contents)
  if (value === undefined) {
    value = compute(contents)
    memo.set(contents, value)
  }
  return value
}

export default class PlanContentsReader {
  /**
   * The plan `planId` with everything in it, if `caller` may perform `action`
   * on it; 404 "존재하지 않는 식단" otherwise (missing or someone else's). One
   * statement on PostgreSQL (meals and lines only when something was
   * committed since the plan was last read); on SQLite, where statements run
   * in process, the data version, then (unless nothing was committed since)
   * the plan, its meals and its recipes' lines.
   */
  static async load(
    caller: { id: number },
    planId: number,
    action: PlanAction
  ): Promise<PlanContents> {
    const version = EngineReads.dataVersion()
    const kept = keptContents.get(planId)
    if (version === null) {
      return this.#loadFromPostgres(caller, planId, action, kept)
    }
    if (kept?.version === version) {
      await PlanPolicy.authorize(caller, { memberId: Number(kept.contents.plan.member_id) }, action)
      return kept.contents
    }
    const [plan] = await PLAN().run<PlanRow>({ planId })
    await PlanPolicy.authorize(caller, plan && { memberId: Number(plan.member_id) }, action)
    const [meals, lines] = await Promise.all([
      MEALS().run<MealRow>({ planId }),
      LINES().run<LineRow>({ planId }),
    ])
    const contents = contentsOf(plan, meals, lines)
    /* Kept only when no commit came between the statements: then they read one state. */
    if (EngineReads.dataVersion() === version) {
      keptContents.set(planId, { version, contents })
    }
    return contents
  }

  /*
   * PostgreSQL: the kept contents when the write generation has not moved
   * since they were checked (under UNCHECKED_FOR_MS ago), else the one
   * statement. The generation is read before the statement: a write the
   * statement may have missed is acknowledged only after it moved the
   * generation on, so the entry stored below is never trusted past it.
   */
  static async #loadFromPostgres(
    caller: { id: number },
    planId: number,
    action: PlanAction,
    kept: ReturnType<typeof keptContents.get>
  ): Promise<PlanContents> {
    const generation = await WriteGeneration.current()
    const now = Date.now()
    if (
      kept &&
      generation !== null &&
      kept.generation === generation &&
      now - (kept.checkedAt ?? 0) < UNCHECKED_FOR_MS
    ) {
      await PlanPolicy.authorize(caller, { memberId: Number(kept.contents.plan.member_id) }, action)
      return kept.contents
    }
    const [row] = await PLAN_IN_ONE_STATEMENT().run<
      PlanRow & { version: string; meals: MealFields[] | null; lines: LineFields[] | null }
    >({ planId, keptVersion: kept?.version ?? '' })
    await PlanPolicy.authorize(caller, row && { memberId: Number(row.member_id) }, action)
    const contents =
      !row.meals || !row.lines
        ? kept!.contents
        : contentsOf(row, row.meals.map(mealOf), row.lines.map(lineOf))
    keptContents.set(planId, { version: row.version, generation, checkedAt: now, contents })
    return contents
  }
}
