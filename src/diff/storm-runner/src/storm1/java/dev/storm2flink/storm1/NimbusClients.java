package dev.storm2flink.storm1;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.apache.storm.generated.Nimbus;
import org.apache.storm.thrift.TConfiguration;
import org.apache.storm.thrift.TException;
import org.apache.storm.thrift.protocol.TBinaryProtocol;
import org.apache.storm.thrift.transport.TMemoryBuffer;
import org.apache.storm.thrift.transport.TMemoryInputTransport;
import org.apache.storm.thrift.transport.TTransport;
import org.apache.storm.thrift.transport.TTransportException;
import org.apache.storm.utils.NimbusClient;

/**
 * Storm 1.x's {@code NimbusClient.getClient()} returned a {@code Nimbus.Client}; Storm 2's returns a
 * {@code Nimbus.Iface}, which in local mode (and under verify's capture) is no Thrift client at all. The build moves
 * 1.x call sites here: the Iface itself when it is a Client, else a Client whose calls reach it through Thrift's
 * own processor, in memory.
 */
public final class NimbusClients {
    private NimbusClients() {}

    public static Nimbus.Client client(NimbusClient nimbus) {
        Nimbus.Iface iface = nimbus.getClient();
        if (iface instanceof Nimbus.Client c) return c;
        return new Nimbus.Client(new TBinaryProtocol(new Loopback(new Nimbus.Processor<>(iface))));
    }

    /** A transport that hands each request to a processor when it is flushed and reads back its answer. */
    private static final class Loopback extends TTransport {
        private final Nimbus.Processor<?> processor;
        private final ByteArrayOutputStream request = new ByteArrayOutputStream();
        private TMemoryInputTransport response;

        Loopback(Nimbus.Processor<?> processor) {
            this.processor = processor;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void open() {}

        @Override
        public void close() {}

        @Override
        public int read(byte[] buf, int off, int len) throws TTransportException {
            if (response == null) throw new TTransportException(TTransportException.END_OF_FILE, "no request was sent");
            return response.read(buf, off, len);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            request.write(buf, off, len);
        }

        @Override
        public void flush() throws TTransportException {
            byte[] req = request.toByteArray();
            request.reset();
            try {
                TMemoryBuffer out = new TMemoryBuffer(256);
                processor.process(new TBinaryProtocol(new TMemoryInputTransport(req)), new TBinaryProtocol(out));
                response = new TMemoryInputTransport(Arrays.copyOf(out.getArray(), out.length()));
            } catch (TException e) {
                throw new TTransportException(e);
            }
        }

        @Override
        public TConfiguration getConfiguration() {
            return TConfiguration.DEFAULT;
        }

        @Override
        public void updateKnownMessageSize(long size) {}

        @Override
        public void checkReadBytesAvailable(long numBytes) {}
    }
}
