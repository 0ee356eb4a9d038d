package dev.funnel.io;

/**
 * Checks bytes for well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or values past
 * U+10FFFF).
 */
final class Utf8 {
  private Utf8() {}

  static boolean isValid(byte[] b, int from, int to) {
    return firstInvalid(b, from, to) < 0;
  }

  /** The index of the first byte that does not start a well-formed character, or -1 if none. */
  static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to && b[i] >= 0) {
      i++;
    }
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int extra;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        extra = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        extra = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        extra = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (i + extra >= to) {
        return i;
      }
      int code = c & (0x3f >> extra);
      for (int k = 1; k <= extra; k++) {
        int next = b[i + k] & 0xff;
        if ((next & 0xc0) != 0x80) {
          return i;
        }
        code = (code << 6) | (next & 0x3f);
      }
      if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        return i;
      }
      i += extra + 1;
    }
    return -1;
  }
}
