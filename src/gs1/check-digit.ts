/** The GS1 mod-10 check digit of a string of digits (weights 3, 1, 3, 1… from the right). */
export function checkDigitOf(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `key` is the GS1 mod-10 check digit of the others. */
export function hasValidCheckDigit(key: string): boolean {
  if (!/^[0-9]{2,}$/.test(key)) return false;
  return checkDigitOf(key.slice(0, -1)) === key.charCodeAt(key.length - 1) - 48;
}

/** Appends the GS1 mod-10 check digit to a string of digits. */
export const withCheckDigit = (body: string): string => body + String(checkDigitOf(body));
