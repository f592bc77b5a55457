package com.wecomflow.runner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Kafka's test kit binds each controller's socket before the controller starts (its port goes
 * into the quorum voters), on the wildcard address: every interface of the machine. This one
 * binds it to {@code localhost}, the host the kit's listeners and voters name anyway.
 */
final class LoopbackSocketFactoryManager extends PreboundSocketFactoryManager {

    private final Map<String, ServerSocketChannel> sockets = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private boolean closed;

    /** Makes the builder bind its controllers here; the kit keeps no other way to choose the address. */
    static KafkaClusterTestKit.Builder installIn(KafkaClusterTestKit.Builder builder) throws ReflectiveOperationException {
        java.lang.reflect.Field manager = KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
        manager.setAccessible(true);
        manager.set(builder, new LoopbackSocketFactoryManager());
        return builder;
    }

    private static String key(int nodeId, String listener) {
        return nodeId + "/" + listener;
    }

    @Override
    public synchronized ServerSocketChannel getSocketForListenerAndMarkAsUsed(int nodeId, String listener) {
        ServerSocketChannel socket = sockets.get(key(nodeId, listener));
        if (socket != null) {
            used.add(key(nodeId, listener));
        }
        return socket;
    }

    @Override
    public synchronized ServerSocketFactory getOrCreateSocketFactory(int nodeId) {
        return (listener, address, backlog, receiveBufferSize) -> {
            ServerSocketChannel prebound = getSocketForListenerAndMarkAsUsed(nodeId, listener);
            return prebound != null ? prebound
                    : ServerSocketFactory.INSTANCE.openServerSocket(listener, address, backlog, receiveBufferSize);
        };
    }

    @Override
    public synchronized int getOrCreatePortForListener(int nodeId, String listener) throws IOException {
        ServerSocketChannel socket = sockets.get(key(nodeId, listener));
        if (socket == null) {
            if (closed) {
                throw new IllegalStateException("cannot open a socket: the socket manager is closed");
            }
            socket = ServerSocketFactory.INSTANCE.openServerSocket(listener,
                    new InetSocketAddress(InetAddress.getByName("localhost"), 0), -1, -1);
            sockets.put(key(nodeId, listener), socket);
        }
        return ((InetSocketAddress) socket.getLocalAddress()).getPort();
    }

    /** Closes the sockets no server took; a server closes its own. */
    @Override
    public synchronized void close() {
        closed = true;
        List<String> unused = new ArrayList<>(sockets.keySet());
        unused.removeAll(used);
        for (String key : unused) {
            Utils.closeQuietly(sockets.get(key), "prebound controller socket");
        }
    }
}
