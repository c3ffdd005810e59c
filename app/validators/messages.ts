import { SimpleMessagesProvider } from '@vinejs/vine'

/*
 * Korean texts for the validation rules our validators use; `field` is the
 * path as reported in `errors[].field` (e.g. `post.title`, `ingredients.2.id`).
 */
export const koreanMessages = new SimpleMessagesProvider({
  'required': '{{ field }} 값이 필요함',
  'string': '{{ field }} 값은 문자열이어야 함',
  'number': '{{ field }} 값은 숫자여야 함',
  'object': '{{ field }} 값은 객체여야 함',
  'array': '{{ field }} 값은 배열이어야 함',
  'minLength': '{{ field }} 값은 {{ min }}자 이상이어야 함',
  'maxLength': '{{ field }} 값은 {{ max }}자 이하여야 함',
  'array.maxLength': '{{ field }} 항목은 {{ max }}개 이하여야 함',
  'withoutDecimals': '{{ field }} 값은 정수여야 함',
  'min': '{{ field }} 값은 {{ min }} 이상이어야 함',
  'max': '{{ field }} 값은 {{ max }} 이하여야 함',
  'range': '{{ field }} 값은 {{ min }} 이상 {{ max }} 이하여야 함',
  'positive': '{{ field }} 값은 양수여야 함',
  'enum': '{{ field }} 값은 {{ choices }} 중 하나여야 함',
})
