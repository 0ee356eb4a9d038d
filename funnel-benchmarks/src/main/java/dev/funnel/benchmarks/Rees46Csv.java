package dev.funnel.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * A seeded generator of event logs shaped like the public REES46 e-commerce sample ("eCommerce
 * behavior data from multi category store", October 2019): its nine columns by their real names,
 * times as {@code 2019-10-01 00:00:04 UTC}, in time order over the 31 days of October, about one
 * user per ten rows, and REES46 October's event mix (96.1 % view, 2.2 % cart, 1.7 % purchase, from
 * its 40.8 M, 0.93 M and 0.74 M rows). Empty category codes (about a third) and brands (about a
 * seventh) as in the sample. Which user does what is uniform at random: the file is for measuring
 * readers, not for the funnel it would give.
 */
public final class Rees46Csv {
  static final String HEADER =
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

  private static final String[] CATEGORY_CODES = {
    "electronics.smartphone", "appliances.kitchen.washer", "computers.notebook",
    "apparel.shoes", "furniture.living_room.sofa", "electronics.audio.headphone",
  };
  private static final String[] BRANDS = {
    "samsung", "apple", "xiaomi", "huawei", "lucente", "sony", "bosch", "lenovo",
  };

  private Rees46Csv() {}

  /** Writes {@code rows} rows (and the header) to {@code file}, from {@code seed}. */
  public static void write(Path file, long rows, long seed) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(out, rows, seed);
    }
  }

  /**
   * Writes a file: {@code java -cp benchmarks.jar dev.funnel.benchmarks.Rees46Csv FILE ROWS
   * [USERS]}, seed 46, one user per ten rows unless {@code USERS} says how many (to measure memory
   * at a fixed number of users as the rows grow).
   */
  public static void main(String[] args) throws IOException {
    long rows = Long.parseLong(args[1]);
    long users = args.length > 2 ? Long.parseLong(args[2]) : Math.max(1, rows / 10);
    try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
      write(out, rows, users, 46);
    }
  }

  /** Writes {@code rows} rows (and the header) to {@code out}, from {@code seed}. */
  public static void write(OutputStream out, long rows, long seed) throws IOException {
    write(out, rows, Math.max(1, rows / 10), seed);
  }

  /** Writes {@code rows} rows of {@code users} users at most (and the header) to {@code out}. */
  static void write(OutputStream out, long rows, long users, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long month = 31L * 86_400;
    LocalDateTime start = LocalDateTime.of(2019, 10, 1, 0, 0);
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    BufferedWriter w =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    w.write(HEADER);
    w.write('\n');
    long lastSecond = -1;
    String time = "";
    for (long r = 0; r < rows; r++) {
      long second = r * month / rows;
      if (second != lastSecond) {
        time = format.format(start.plusSeconds(second));
        lastSecond = second;
      }
      int mix = random.nextInt(1_000);
      String type = mix < 961 ? "view" : mix < 983 ? "cart" : "purchase";
      int product = 1_000_000 + random.nextInt(60_000_000);
      long category = 2_053_013_552_226_107_603L + random.nextInt(1_000) * 1_000_003L;
      String code =
          random.nextInt(3) == 0 ? "" : CATEGORY_CODES[random.nextInt(CATEGORY_CODES.length)];
      String brand = random.nextInt(7) == 0 ? "" : BRANDS[random.nextInt(BRANDS.length)];
      int cents = 100 + random.nextInt(200_000);
      long user = 512_000_000L + random.nextLong(users) * 3;
      w.write(time);
      w.write(',');
      w.write(type);
      w.write(',');
      w.write(Integer.toString(product));
      w.write(',');
      w.write(Long.toString(category));
      w.write(',');
      w.write(code);
      w.write(',');
      w.write(brand);
      w.write(',');
      w.write(Integer.toString(cents / 100));
      w.write('.');
      w.write(cents % 100 < 10 ? "0" + cents % 100 : Integer.toString(cents % 100));
      w.write(',');
      w.write(Long.toString(user));
      w.write(',');
      w.write(session(user));
      w.write('\n');
    }
    w.flush();
  }

  /** A UUID-shaped session id, one per user (REES46 has several; one is enough for reading). */
  private static String session(long user) {
    String hex = String.format("%032x", user * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
    return hex.substring(0, 8)
        + '-'
        + hex.substring(8, 12)
        + '-'
        + hex.substring(12, 16)
        + '-'
        + hex.substring(16, 20)
        + '-'
        + hex.substring(20, 32);
  }
}
