import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'health_checks.live': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'members.store': { paramsTuple?: []; params?: {} }
    'members.validate_username': { paramsTuple?: []; params?: {} }
    'sessions.store': { paramsTuple?: []; params?: {} }
    'tokens.store': { paramsTuple?: []; params?: {} }
    'tokens.store_alias': { paramsTuple?: []; params?: {} }
    'sessions.destroy': { paramsTuple?: []; params?: {} }
    'members.me': { paramsTuple?: []; params?: {} }
    'members.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'posts.index': { paramsTuple?: []; params?: {} }
    'ingredients.index': { paramsTuple?: []; params?: {} }
    'posts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_costs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_costs.svg': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_forms.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_forms.store': { paramsTuple?: []; params?: {} }
    'post_forms.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'posts.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_likes.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_likes.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comments.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comments.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comments.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comment_likes.store_from_body': { paramsTuple?: []; params?: {} }
    'comment_likes.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comment_likes.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api_docs.document': { paramsTuple?: []; params?: {} }
    'api_docs.page': { paramsTuple?: []; params?: {} }
    'ingredients_catalogue.index': { paramsTuple?: []; params?: {} }
    'ingredients_catalogue.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'ingredients_catalogue.prices': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.index': { paramsTuple?: []; params?: {} }
    'plans.store': { paramsTuple?: []; params?: {} }
    'plans.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.shopping_list': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  GET: {
    'health_checks.live': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'tokens.store_alias': { paramsTuple?: []; params?: {} }
    'members.me': { paramsTuple?: []; params?: {} }
    'posts.index': { paramsTuple?: []; params?: {} }
    'ingredients.index': { paramsTuple?: []; params?: {} }
    'posts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_costs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_costs.svg': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_forms.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api_docs.document': { paramsTuple?: []; params?: {} }
    'api_docs.page': { paramsTuple?: []; params?: {} }
    'ingredients_catalogue.index': { paramsTuple?: []; params?: {} }
    'ingredients_catalogue.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'ingredients_catalogue.prices': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.index': { paramsTuple?: []; params?: {} }
    'plans.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.shopping_list': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  HEAD: {
    'health_checks.live': { paramsTuple?: []; params?: {} }
    'health_checks.ready': { paramsTuple?: []; params?: {} }
    'tokens.store_alias': { paramsTuple?: []; params?: {} }
    'members.me': { paramsTuple?: []; params?: {} }
    'posts.index': { paramsTuple?: []; params?: {} }
    'ingredients.index': { paramsTuple?: []; params?: {} }
    'posts.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_costs.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_costs.svg': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_forms.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'api_docs.document': { paramsTuple?: []; params?: {} }
    'api_docs.page': { paramsTuple?: []; params?: {} }
    'ingredients_catalogue.index': { paramsTuple?: []; params?: {} }
    'ingredients_catalogue.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'ingredients_catalogue.prices': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.index': { paramsTuple?: []; params?: {} }
    'plans.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.shopping_list': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  POST: {
    'members.store': { paramsTuple?: []; params?: {} }
    'members.validate_username': { paramsTuple?: []; params?: {} }
    'sessions.store': { paramsTuple?: []; params?: {} }
    'tokens.store': { paramsTuple?: []; params?: {} }
    'sessions.destroy': { paramsTuple?: []; params?: {} }
    'post_forms.store': { paramsTuple?: []; params?: {} }
    'post_likes.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comments.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comment_likes.store_from_body': { paramsTuple?: []; params?: {} }
    'comment_likes.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.store': { paramsTuple?: []; params?: {} }
  }
  DELETE: {
    'members.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'posts.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'post_likes.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comments.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comment_likes.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
  PUT: {
    'post_forms.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'comments.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'plans.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}