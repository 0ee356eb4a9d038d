package dev.funnel.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;

/**
 * Passes bytes through while checking that they are UTF-8 and counting lines, so that a bad byte is
 * reported on its own line. A decoder cannot say that: it decodes thousands of bytes ahead of the
 * CSV parser, so the parser's line number at the moment decoding fails is an earlier one.
 *
 * <p>Lines end at LF, CR LF or a lone CR, as the CSV parser counts them. Not thread-safe.
 */
final class Utf8CheckingInputStream extends FilterInputStream {
  /** Thrown at the first byte that is not UTF-8; names its line and byte offset. */
  static final class NotUtf8Exception extends CharacterCodingException {
    private static final long serialVersionUID = 1L;

    final long line;
    private final String message;

    NotUtf8Exception(long line, long offset, int value) {
      this.line = line;
      this.message =
          value < 0
              ? String.format(Locale.ROOT, "not UTF-8 text: the file ends inside a character")
              : String.format(
                  Locale.ROOT, "not UTF-8 text: byte 0x%02X at byte offset %,d", value, offset);
    }

    @Override
    public String getMessage() {
      return message;
    }
  }

  private long line = 1;
  private long offset;
  private boolean afterCr;
  // How many continuation bytes the current character still needs, and the range the next one
  // must fall in (narrower than 0x80..0xBF right after some lead bytes: no overlong forms, no
  // surrogates, nothing above U+10FFFF).
  private int pending;
  private int low = 0x80;
  private int high = 0xBF;

  Utf8CheckingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      end();
    } else {
      check(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int from, int length) throws IOException {
    int n = super.read(buffer, from, length);
    if (n < 0) {
      end();
    }
    for (int i = 0; i < n; i++) {
      check(buffer[from + i] & 0xFF);
    }
    return n;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void end() throws NotUtf8Exception {
    if (pending > 0) {
      throw new NotUtf8Exception(line, offset, -1);
    }
  }

  private void check(int b) throws NotUtf8Exception {
    if (pending > 0) {
      if (b < low || b > high) {
        throw new NotUtf8Exception(line, offset, b);
      }
      pending--;
      low = 0x80;
      high = 0xBF;
    } else if (b >= 0x80) {
      lead(b);
    } else if (b == '\n') {
      if (!afterCr) {
        line++;
      }
    } else if (b == '\r') {
      line++;
    }
    afterCr = b == '\r';
    offset++;
  }

  private void lead(int b) throws NotUtf8Exception {
    if (b >= 0xC2 && b <= 0xDF) {
      pending = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      pending = 2;
      low = b == 0xE0 ? 0xA0 : 0x80;
      high = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
      pending = 3;
      low = b == 0xF0 ? 0x90 : 0x80;
      high = b == 0xF4 ? 0x8F : 0xBF;
    } else {
      throw new NotUtf8Exception(line, offset, b);
    }
  }
}
