import type { HttpContext } from '@adonisjs/core/http'
import { success } from '#services/api_envelope'
import { SUCCESS_MESSAGES } from '#contract/messages'
import RecipeEditForm from '#services/recipes/edit_form'
import { findOwned } from '#services/recipes/owned_recipe'
import RecipeWriter from '#services/recipes/recipe_writer'
import { validatePostForm } from '#validators/post'

/* The recipe form: create, the edit form of an existing recipe, and update. */
export default class PostFormsController {
  /** POST /posts/forms: 201 {post_id, price, price_per_serving}. */
  async store({ request, response, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    const form = await validatePostForm(request)
    const written = await RecipeWriter.create(member.id, form)
    return response.created(success(SUCCESS_MESSAGES.createPost, written))
  }

  /** GET /posts/forms/{id}: the author's edit form. */
  async edit({ params, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    return success(SUCCESS_MESSAGES.editForm, await RecipeEditForm.of(params.id, member.id))
  }

  /** PUT /posts/forms/{id}: replaces the recipe and its lines (404, then 403, then 422). */
  async update({ request, params, auth }: HttpContext) {
    const member = auth.use('jwt').getUserOrFail()
    await findOwned(params.id, member.id, 'edit')
    const form = await validatePostForm(request)
    return success(
      SUCCESS_MESSAGES.updatePost,
      await RecipeWriter.update(member.id, params.id, form)
    )
  }
}
