package dev.storm2flink.compat.capture;

import java.util.List;
import java.util.Map;

/** Compile-time stand-in for the compat runtime's Capture (signatures only). */
public final class Capture {
  public static final class CaptureException extends Exception {
    public CaptureException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static List<Submissions.Submission> run(Class<?> cls, String method, String[] args, Map<String, Object> conf, long timeoutMs)
      throws CaptureException, InterruptedException {
    return null;
  }

  public static Submissions.Submission pick(List<Submissions.Submission> subs, String name, String what) throws CaptureException {
    return null;
  }

  public static String describe(Class<?> cls, String method) {
    return null;
  }
}
