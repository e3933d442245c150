/**
 * JSON.parse keeps the last of two equal keys while other parsers keep the first, so a signed
 * object with a repeated key could mean different things to different verifiers. This scan
 * finds repeated keys in text that JSON.parse already accepted.
 */

interface Frame {
  /** Keys seen so far in an object; undefined for an array. */
  keys: Set<string> | undefined;
  /** The current member's key, or the current element's index. */
  at: string | number;
}

/** Positions of the enclosing containers; the innermost one's position is the repeated key. */
function pathOf(stack: Frame[]): (string | number)[] {
  return stack.slice(0, -1).map((frame) => frame.at);
}

/** The path of the first repeated object key in valid JSON `text`, or undefined if none. */
export function findDuplicateKey(text: string): (string | number)[] | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys !== undefined) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return [...pathOf(stack), key];
        top.keys.add(key);
        top.at = key;
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) {
      stack.push({ keys: new Set(), at: "" });
      expectKey = true;
    } else if (c === 0x5b) {
      stack.push({ keys: undefined, at: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.keys !== undefined) expectKey = true;
      else if (top !== undefined) top.at = (top.at as number) + 1;
    }
  }
  return undefined;
}
