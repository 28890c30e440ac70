// kafka-clients 4.0 removed KafkaConsumer.poll(long): when the job's kafka-clients is 4.x (Flink 2.x's connector), a
// copied source's poll(<millis>) on a Kafka consumer becomes poll(Duration.ofMillis(<millis>)); nothing else is touched.
import { describe, expect, it } from 'vitest';
import { getJavaParser, rewriteJava } from '../../src/translator/rewrite.js';

const SOURCE = `package p;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
class Reader {
  private final KafkaConsumer<String, String> consumer;
  private static final long TIMEOUT = 250L;
  private Duration wait = Duration.ofSeconds(1);
  Reader(KafkaConsumer<String, String> consumer) { this.consumer = consumer; }
  void read(Consumer<byte[], byte[]> other, long millis, Queue q) {
    consumer.poll(100);
    this.consumer.poll(TIMEOUT * 2);
    other.poll(millis);
    consumer.poll(Duration.ofMillis(5));
    consumer.poll(wait);
    consumer.poll(timeout());
    q.poll(100);
  }
}
`;

describe("a Kafka consumer's poll(long)", () => {
  it('becomes poll(Duration) where the millis are plain, only with kafka-clients 4.x', async () => {
    const parser = await getJavaParser();
    const r = rewriteJava(parser, 'Reader.java', SOURCE, null, { kafkaDurationPoll: true });
    expect(r.edits.map((e) => [e.line, e.before, e.after, e.kind])).toEqual([
      [11, '100', 'java.time.Duration.ofMillis(100)', 'kafka-api'],
      [12, 'TIMEOUT * 2', 'java.time.Duration.ofMillis(TIMEOUT * 2)', 'kafka-api'],
      [13, 'millis', 'java.time.Duration.ofMillis(millis)', 'kafka-api'],
    ]);
    expect(r.text).toContain('    consumer.poll(java.time.Duration.ofMillis(100));\n');
    // Already a Duration, a method's result, a receiver that is not a Kafka consumer: as written.
    expect(r.text).toContain('consumer.poll(Duration.ofMillis(5));');
    expect(r.text).toContain('consumer.poll(wait);');
    expect(r.text).toContain('consumer.poll(timeout());');
    expect(r.text).toContain('q.poll(100);');
    expect(rewriteJava(parser, 'Reader.java', SOURCE, null).edits).toEqual([]);
  });
});
