package com.wecomflow.streams;

import com.wecomflow.records.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Gathers the dead-letter side outputs of a job's operators into one sink. */
public final class DeadLetterUnion {

    private final List<DataStream<DeadLetter>> streams = new ArrayList<>();

    public void add(DataStream<DeadLetter> stream) {
        streams.add(stream);
    }

    public void sinkTo(Sink<DeadLetter> sink, String job) {
        if (streams.isEmpty()) {
            return;
        }
        DataStream<DeadLetter> all = streams.get(0);
        for (DataStream<DeadLetter> other : streams.subList(1, streams.size())) {
            all = all.union(other);
        }
        all.sinkTo(sink).name(job + ": dead letters").uid(job + "-dead-letter-sink");
    }
}
