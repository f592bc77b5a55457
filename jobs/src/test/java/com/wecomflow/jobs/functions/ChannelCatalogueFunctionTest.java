package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.wecomflow.jobs.records.Channel;
import com.wecomflow.jobs.records.ChannelUpdate;
import com.wecomflow.kafka.RecordKeys;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelCatalogueFunctionTest {

    private static final ChannelUpdate STORE =
            new ChannelUpdate("ww1", "store-sh-01", "徐汇店", "store", "", "华东", "上海徐汇店", "", 0, false);
    private static final ChannelUpdate MOVED =
            new ChannelUpdate("ww1", "store-sh-01", "徐汇店", "store", "", "华东", "上海静安店", "", 0, false);

    private KeyedOneInputStreamOperatorTestHarness<String, ChannelUpdate, Channel> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new ChannelCatalogueFunction(), new ChannelKeyOf(), Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aChangeWritesTheNewContentAndADeletionTheLastContentOnceMoreDeletedEachAtAHigherVersion() throws Exception {
        harness.setProcessingTime(1_000);
        harness.processElement(STORE, 0);
        harness.processElement(MOVED, 0);
        harness.processElement(deletion("ww1", "store-sh-01"), 0);

        List<Channel> rows = harness.extractOutputValues();
        assertThat(rows).extracting(Channel::store, Channel::isDeleted)
                .containsExactly(
                        tuple("上海徐汇店", 0),
                        tuple("上海静安店", 0),
                        tuple("上海静安店", 1));
        assertThat(rows.get(2)).isEqualTo(MOVED.row(1_002).deleted(1_002));
        assertThat(rows).extracting(Channel::version).containsExactly(1_000L, 1_001L, 1_002L);
    }

    @Test
    void anUpdateThatChangesNothingWritesNothingAndAnEntryComesBackAfterItsDeletionAtAHigherVersion() throws Exception {
        harness.setProcessingTime(5_000);
        harness.processElement(STORE, 0);
        harness.processElement(STORE, 0);
        harness.processElement(deletion("ww1", "store-sh-01"), 0);
        harness.processElement(deletion("ww1", "store-sh-01"), 0);
        harness.setProcessingTime(9_000);
        harness.processElement(STORE, 0);

        assertThat(harness.extractOutputValues()).extracting(Channel::isDeleted, Channel::version)
                .containsExactly(
                        tuple(0, 5_000L),
                        tuple(1, 5_001L),
                        tuple(0, 9_000L));
    }

    @Test
    void theDeletionOfAnEntryNeverSeenWritesItsKeyDeletedSoARowOfAnEarlierRunIsHidden() throws Exception {
        harness.setProcessingTime(7_000);
        harness.processElement(deletion("ww1", "gone"), 0);

        assertThat(harness.extractOutputValues()).containsExactly(
                new Channel("ww1", "gone", "", "", "", "", "", "", 0, 7_000, 1));
    }

    private static ChannelUpdate deletion(String corpId, String state) {
        return ChannelUpdate.deletion(new RecordKeys.ChannelKey(corpId, state));
    }
}
