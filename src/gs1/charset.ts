/** The 82 characters of GS1 AI encodable character set 82 (letters, digits and 20 punctuation marks). */
export const CS82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

const CS82_SET = new Set(CS82);

/** The index of the first character outside character set 82, or -1. */
export function firstOutsideCs82(value: string): number {
  for (let i = 0; i < value.length; i++) if (!CS82_SET.has(value[i])) return i;
  return -1;
}
