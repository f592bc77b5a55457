package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What demo and replay start on the user's machine listens on loopback, not on every interface. */
class LoopbackBindingTest {

    @TempDir
    Path dir;

    @Test
    void theLocalBrokerAndFlinkClusterListenOnLoopbackOnly() throws Exception {
        Set<InetSocketAddress> before = ListeningSockets.ofThisProcess();
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"));
                LocalFlinkCluster flink = new LocalFlinkCluster(2, 1, 1_000)) {
            Set<InetSocketAddress> opened = new HashSet<>(ListeningSockets.ofThisProcess());
            opened.removeAll(before);

            // The broker's and the controller's listeners, Flink's REST endpoint and blob server at least.
            assertThat(opened).hasSizeGreaterThanOrEqualTo(4);
            assertThat(opened).allSatisfy(address ->
                    assertThat(address.getAddress().isLoopbackAddress()).as("%s is loopback", address).isTrue());
        }
    }
}
