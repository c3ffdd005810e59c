import CompiledQuery from '#database/engine/compiled_query'
import { canonicalQuantity } from '#services/recipes/recipe_cost_calculator'
import { findOwned } from '#services/recipes/owned_recipe'
import { enteredMeasure, linesOf, type LineRow } from '#services/recipes/recipe_lines'
import * as transform from '#transformers/recipe_transformer'

/* GET /posts/forms/{id}: the edit form of a recipe. Two statements (the recipe, its lines). */
export default class RecipeEditForm {
  /** For its author only: 404, or 403 "수정 권한이 없음" for anyone else. */
  static async of(postId: number, memberId: number) {
    const post = await findOwned(postId, memberId, 'edit')
    const lines = await CompiledQuery.of('posts.edit_form.lines', () =>
      linesOf(false)
    ).run<LineRow>({ postId })
    return transform.editForm(
      post,
      lines.map((line) => ({
        id: line.id,
        name: line.name,
        /* As entered: the line's own unit, or the ingredient's. */
        measure: enteredMeasure(line),
        quantity: canonicalQuantity(line.quantity),
      }))
    )
  }
}
