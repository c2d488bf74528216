/**
 * Counts written the way people write them: `2000`, `2,000`, `2k`, `1.5k`,
 * "two thousand", "twenty-four", "a hundred", "one".
 */

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Readonly<Record<string, number>> = {
  hundred: 100,
  thousand: 1000,
  million: 1_000_000,
};

const WORD = [...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(SCALES)]
  .sort((a, b) => b.length - a.length)
  .join("|");

/**
 * Regex source for one count: digits (with thousands commas or a k/m suffix) or
 * number words joined by spaces, hyphens or "and". "a"/"an" count only before a scale.
 */
export const COUNT_SOURCE = `(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?\\s?[kKmM]\\b|\\d+|(?:(?:${WORD})(?:[\\s-]+(?:and[\\s-]+)?(?=(?:${WORD})\\b))?)+)`;

/** The value of a count matched by `COUNT_SOURCE`, or undefined when it is not a whole number. */
export function parseCount(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const digits = /^(\d+(?:\.\d+)?)\s?([km])?$/u.exec(t.replaceAll(",", ""));
  if (digits) {
    const scale = digits[2] === "k" ? 1000 : digits[2] === "m" ? 1_000_000 : 1;
    const value = Number(digits[1]) * scale;
    return Number.isSafeInteger(value) ? value : undefined;
  }
  const words = t.split(/[\s-]+/u).filter((w) => w !== "and");
  // "a" and "an" are numbers only as "a hundred", "a thousand".
  if (words.length === 1 && (words[0] === "a" || words[0] === "an")) return undefined;
  let total = 0;
  let current = 0;
  for (const word of words) {
    if (word in UNITS) current += UNITS[word] ?? 0;
    else if (word in TENS) current += TENS[word] ?? 0;
    else if (word in SCALES) {
      const scale = SCALES[word] ?? 1;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
    } else return undefined;
  }
  const value = total + current;
  return Number.isSafeInteger(value) ? value : undefined;
}
