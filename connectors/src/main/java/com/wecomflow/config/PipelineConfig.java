package com.wecomflow.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.wecomflow.text.CheckinDetector;
import com.wecomflow.text.Utf8;
import com.wecomflow.time.BusinessCalendar;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The tenant settings every job reads ({@code --config}, JSON or YAML, DESIGN section 6). Absent
 * keys take their defaults; an unknown key is an error, so a typo never silently means "default".
 *
 * @param timezone business-day time zone, default {@code Asia/Shanghai}
 * @param attributionWindowDays channel attribution window W in days, default 7
 * @param checkinKeywords check-in keywords, default 签到 and 打卡
 * @param checkinMilestones streak milestones in days, default 7, 21, 30
 * @param latenessHorizonDays how late (in event time, past the end of its day) an event may
 *     arrive and still correct results; default 35. Older events are dead-lettered.
 * @param floodMessages {@code builtin.flood}: counted messages of one sender in one group window
 *     that make a flood; default 10
 * @param floodSeconds {@code builtin.flood}: the window, tumbling and aligned to the Unix epoch; default 60
 * @param massDeletionThreshold {@code builtin.mass_deletion}: distinct customers one employee
 *     deletes in one business day that make an alert; default 20
 * @param replySlaMinutes {@code builtin.reply_timeout}: working minutes a customer may wait; default 30
 * @param workingHours {@code builtin.reply_timeout}: {@code "HH:mm-HH:mm"}, [open, close) in the
 *     business zone; default {@code "09:00-18:00"}
 * @param workingDays {@code builtin.reply_timeout}: ISO weekdays (1 Monday ... 7 Sunday); default all seven
 */
public record PipelineConfig(
        String timezone,
        int attributionWindowDays,
        List<String> checkinKeywords,
        List<Integer> checkinMilestones,
        int latenessHorizonDays,
        int floodMessages,
        int floodSeconds,
        int massDeletionThreshold,
        int replySlaMinutes,
        String workingHours,
        List<Integer> workingDays) implements Serializable {


    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // 7.5 days is a mistake to report, not 7 days.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    @JsonCreator
    public PipelineConfig(
            @JsonProperty("timezone") String timezone,
            @JsonProperty("attribution_window_days") Integer attributionWindowDays,
            @JsonProperty("checkin_keywords") List<String> checkinKeywords,
            @JsonProperty("checkin_milestones") List<Integer> checkinMilestones,
            @JsonProperty("lateness_horizon_days") Integer latenessHorizonDays,
            @JsonProperty("flood_messages") Integer floodMessages,
            @JsonProperty("flood_seconds") Integer floodSeconds,
            @JsonProperty("mass_deletion_threshold") Integer massDeletionThreshold,
            @JsonProperty("reply_sla_minutes") Integer replySlaMinutes,
            @JsonProperty("working_hours") String workingHours,
            @JsonProperty("working_days") List<Integer> workingDays) {
        this(
                timezone == null ? BusinessCalendar.DEFAULT_TIME_ZONE : timezone,
                attributionWindowDays == null ? 7 : attributionWindowDays,
                checkinKeywords == null ? CheckinDetector.DEFAULT_KEYWORDS : List.copyOf(checkinKeywords),
                checkinMilestones == null ? List.of(7, 21, 30) : List.copyOf(checkinMilestones),
                latenessHorizonDays == null ? 35 : latenessHorizonDays,
                floodMessages == null ? 10 : floodMessages,
                floodSeconds == null ? 60 : floodSeconds,
                massDeletionThreshold == null ? 20 : massDeletionThreshold,
                replySlaMinutes == null ? 30 : replySlaMinutes,
                workingHours == null ? "09:00-18:00" : workingHours,
                workingDays == null ? List.of(1, 2, 3, 4, 5, 6, 7) : List.copyOf(workingDays));
    }

    public PipelineConfig {
        new BusinessCalendar(timezone);
        new CheckinDetector(checkinKeywords);
        if (attributionWindowDays < 1) {
            throw new IllegalArgumentException("attribution_window_days must be at least 1, got " + attributionWindowDays);
        }
        if (latenessHorizonDays < 1) {
            throw new IllegalArgumentException("lateness_horizon_days must be at least 1, got " + latenessHorizonDays);
        }
        for (int milestone : checkinMilestones) {
            if (milestone < 1) {
                throw new IllegalArgumentException("checkin_milestones must be positive, got " + milestone);
            }
        }
        atLeastOne("flood_messages", floodMessages);
        atLeastOne("flood_seconds", floodSeconds);
        atLeastOne("mass_deletion_threshold", massDeletionThreshold);
        new ReplyTimeoutSettings(replySlaMinutes, workingHours, workingDays);
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + value);
        }
    }

    public static PipelineConfig defaults() {
        return new PipelineConfig(null, null, null, null, null, null, null, null, null, null, (List<Integer>) null);
    }

    /** Reads a JSON or YAML file (YAML is a superset of JSON, so one reader takes both). */
    public static PipelineConfig load(Path file) throws IOException {
        JsonNode tree = null;
        try {
            tree = YAML.readTree(text(file));
            // An empty or comment-only YAML document has no content at all: every key is absent.
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return defaults();
            }
            return YAML.treeToValue(tree, PipelineConfig.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(
                    file + ": unknown setting '" + e.getPropertyName() + "' (known: " + settingNames(e) + ")");
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(file + ": " + wrongType(e, tree));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            Throwable cause = e.getCause();
            String problem = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException(file + ": " + problem);
        }
    }

    /** The settings a file may use, as written in it: Jackson also lists the record's Java names. */
    private static String settingNames(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
        return e.getKnownPropertyIds().stream().map(String::valueOf).filter(name -> name.equals(name.toLowerCase())).distinct()
                .sorted().collect(java.util.stream.Collectors.joining(", "));
    }

    /** "attribution_window_days must be an integer, got \"seven\"": the key, the type it takes, the value given. */
    private static String wrongType(MismatchedInputException e, JsonNode tree) {
        StringBuilder key = new StringBuilder();
        StringBuilder pointer = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(step.getFieldName());
                pointer.append('/').append(step.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else {
                key.append('[').append(step.getIndex()).append(']');
                pointer.append('/').append(step.getIndex());
            }
        }
        JsonNode given = tree == null ? null : tree.at(pointer.toString());
        String value = given == null || given.isMissingNode() ? "" : ", got " + abbreviated(given.toString());
        return (key.isEmpty() ? "the settings" : key) + " must be " + expected(e.getTargetType()) + value;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == PipelineConfig.class) {
            return "a mapping of settings";
        }
        return "a " + type.getSimpleName();
    }

    private static String abbreviated(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "...";
    }

    /** The file's text without a byte-order mark (Notepad writes one); bytes that are not UTF-8 are an error. */
    private static String text(Path file) throws IOException {
        Utf8.Decoded decoded = Utf8.decodeText(Files.readAllBytes(file));
        if (!decoded.valid()) {
            throw new IllegalArgumentException(file + ": " + decoded.problem());
        }
        return decoded.text();
    }

    public BusinessCalendar calendar() {
        return new BusinessCalendar(timezone);
    }

    public CheckinDetector checkinDetector() {
        return new CheckinDetector(checkinKeywords);
    }

    public Duration latenessHorizon() {
        return Duration.ofDays(latenessHorizonDays);
    }

    public Duration floodWindow() {
        return Duration.ofSeconds(floodSeconds);
    }

    /** The parameters of {@code builtin.reply_timeout}; building them validates them. */
    public ReplyTimeoutSettings replyTimeout() {
        return new ReplyTimeoutSettings(replySlaMinutes, workingHours, workingDays);
    }
}
