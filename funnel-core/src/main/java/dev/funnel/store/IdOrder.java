package dev.funnel.store;

import java.util.Comparator;

/** Strings by Unicode code point: the order of their UTF-8 bytes. */
enum IdOrder implements Comparator<String> {
  INSTANCE;

  @Override
  public int compare(String a, String b) {
    int length = Math.min(a.length(), b.length());
    for (int i = 0; i < length; ) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(i);
      if (x != y) {
        return Integer.compare(x, y);
      }
      // Equal code points take equally many chars, so i stays one index into both strings.
      i += Character.charCount(x);
    }
    return Integer.compare(a.length(), b.length());
  }
}
