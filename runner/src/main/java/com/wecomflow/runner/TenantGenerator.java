package com.wecomflow.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.parse.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Simulates a WeCom tenant and writes what WeCom would report, in WeCom's own field names:
 * {@code callbacks.jsonl} (decrypted callback events) and {@code messages.jsonl} (archive
 * messages), with the tenant's channel catalogue in {@code channels.jsonl}. Customers arrive
 * through channel and store codes (State) that convert differently, or as friends invited in a
 * fission campaign through a participant's personal code; they join groups (some several, some
 * leave one), chat one-to-one and in groups, check in (some in long streaks, some broken),
 * sometimes send phone numbers, e-mails or solicitation words, and sometimes delete the employee.
 * Employees answer one-to-one chats mostly within half an hour of working time, some late, those
 * written outside working hours the next morning, and some never; they sometimes send red packets,
 * business cards and files. One member floods a group twice, and one employee deletes 20 or more
 * customers in one afternoon (another 19 on a day, one fewer than the compliance monitor's default).
 * A few codes in the callbacks are missing from the catalogue, as codes made in the admin console
 * and never catalogued are. The files
 * carry what real input carries: WeCom retries (exact duplicates), overlapping archive pulls,
 * out-of-order arrival, recalls, switch records, ignored event types, and a few malformed lines.
 * The same arguments always give the same files.
 */
public final class TenantGenerator {

    public static final String CALLBACKS_FILE = "callbacks.jsonl";
    public static final String MESSAGES_FILE = "messages.jsonl";
    public static final String RULES_FILE = "rules.jsonl";
    public static final String CHANNELS_FILE = "channels.jsonl";

    /** The compliance team's rules for the simulated tenant, one of them broken to show it is rejected alone. */
    private static final List<String> RULES = List.of(
            "{\"rule_id\":\"solicit.wechat\",\"type\":\"keyword\",\"words\":[\"加微信\",\"加v\",\"vx\"],"
                    + "\"category\":\"solicitation\",\"severity\":\"high\"}",
            "{\"rule_id\":\"inducement.cashback\",\"type\":\"keyword\",\"words\":[\"返现\",\"私下转账\"],"
                    + "\"category\":\"inducement\",\"severity\":\"medium\"}",
            "{\"rule_id\":\"promise.guarantee\",\"type\":\"regex\",\"pattern\":\"(保证|包)(治愈|有效)\","
                    + "\"category\":\"false_promise\",\"severity\":\"low\"}",
            "{\"rule_id\":\"broken.regex\",\"type\":\"regex\",\"pattern\":\"(未闭合\",\"category\":\"test\"}",
            "{\"rule_id\":\"red-packet-to-customer\",\"type\":\"behavior\",\"msgtypes\":[\"external_redpacket\"],"
                    + "\"sender\":\"employee\",\"chat\":\"single\",\"category\":\"behavior\",\"severity\":\"high\"}",
            "{\"rule_id\":\"card-or-file-from-staff\",\"type\":\"behavior\",\"msgtypes\":[\"card\",\"file\"],"
                    + "\"sender\":\"employee\",\"category\":\"behavior\",\"severity\":\"medium\"}");

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** A fixed start keeps the files reproducible; a year back keeps the whole period in the past. */
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 11, 3);
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Asia/Shanghai has had no daylight saving since 1991: a local clock time is this far ahead of UTC. */
    private static final long ZONE_OFFSET = 8 * HOUR;
    /** The compliance monitors' default working hours, [open, close) local time (DESIGN 5b). */
    private static final long WORK_OPENS = 9 * HOUR;
    private static final long WORK_CLOSES = 18 * HOUR;
    /** How many customers the mass-deleting employee deletes in one afternoon, and the one who stays just below. */
    static final int MASS_DELETIONS = 23;
    static final int DELETIONS_BELOW_THRESHOLD = 19;

    /**
     * How customers who came through a code tend to behave: the shares who join a group, chat,
     * check in, delete the employee within days ({@code churn}) or only after a week ({@code lateChurn}).
     */
    record Behaviour(double joinGroup, double engage, double checkin, double churn, double lateChurn) {}

    /** A customer's first add: who added which employee, through which code, when, and how they behave. */
    record Arrival(String customer, String employee, String state, long addedAt, Behaviour behaviour) {}

    /**
     * A contact-way code customers arrive through, the share who do, and how they behave. A code
     * without a {@code name} is not in the catalogue; one with a {@code store} is a store code.
     */
    private record Channel(String state, String name, String region, String store, double weight, Behaviour behaviour) {
        static Channel placement(String state, String name, double weight, Behaviour behaviour) {
            return new Channel(state, name, null, null, weight, behaviour);
        }

        static Channel store(String state, String region, String store, double weight, Behaviour behaviour) {
            return new Channel(state, store + " 门店活码", region, store, weight, behaviour);
        }

        static Channel uncatalogued(String state, double weight, Behaviour behaviour) {
            return new Channel(state, null, null, null, weight, behaviour);
        }

        boolean catalogued() {
            return name != null;
        }

        CatalogueEntry entry(String corpId) {
            return store == null
                    ? CatalogueEntry.channel(corpId, state, name)
                    : CatalogueEntry.store(corpId, state, name, region, store);
        }
    }

    private static final List<Channel> CHANNELS = List.of(
            Channel.placement("douyin_live_1108", "抖音直播 11.08", 0.28, new Behaviour(0.55, 0.70, 0.35, 0.12, 0)),
            Channel.placement("xhs_note_autumn", "小红书 秋季笔记", 0.19, new Behaviour(0.40, 0.60, 0.25, 0.06, 0)),
            Channel.store("store_qr_shanghai", "华东", "上海南京西路店", 0.09, new Behaviour(0.70, 0.85, 0.50, 0.03, 0)),
            Channel.store("store_qr_hangzhou", "华东", "杭州湖滨店", 0.06, new Behaviour(0.65, 0.80, 0.45, 0.04, 0)),
            Channel.store("store_qr_guangzhou", "华南", "广州天河店", 0.06, new Behaviour(0.60, 0.75, 0.40, 0.05, 0)),
            Channel.store("store_qr_shenzhen", "华南", "深圳万象城店", 0.04, new Behaviour(0.72, 0.88, 0.55, 0.02, 0)),
            Channel.placement("moments_ad_b", "朋友圈广告 B", 0.14, new Behaviour(0.25, 0.35, 0.10, 0.20, 0)),
            Channel.uncatalogued("offline_salon_1116", 0.02, new Behaviour(0.50, 0.65, 0.30, 0.05, 0)),
            Channel.uncatalogued("kol_collab_x", 0.02, new Behaviour(0.35, 0.45, 0.15, 0.15, 0)),
            Channel.uncatalogued("", 0.10, new Behaviour(0.30, 0.50, 0.20, 0.08, 0)));

    private static final List<String> EMPLOYEE_NAMES = List.of(
            "zhangwei", "lina", "wangfang", "liuyang", "chenjing", "yangmin", "zhaolei", "huangyan",
            "zhoujie", "wuxia", "xuqiang", "sunli", "maojun", "hutao", "guoyan", "linfeng");

    private static final List<String> CUSTOMER_LINES = List.of(
            "你好，请问这个活动还有吗？", "价格能再优惠一点吗", "什么时候发货呀", "收到了，谢谢", "好的",
            "这个适合敏感肌吗？", "我想再买两盒", "群里的福利怎么领", "今天直播几点开始", "已下单",
            "有没有试用装", "快递到哪了", "👍👍", "可以开发票吗", "请问会员积分怎么用");

    private static final List<String> EMPLOYEE_LINES = List.of(
            "您好，我是您的专属顾问，有问题随时找我～", "亲，活动今晚12点截止哦", "已经帮您备注加急了",
            "收到，马上为您处理", "群里今晚8点有秒杀，记得来", "这款是温和配方，敏感肌也可以用",
            "给您发一下使用说明", "明天上午发货", "感谢支持！", "会员积分可以抵现金哦");

    private static final List<String> FLOOD_LINES = List.of("抢到了吗", "哈哈哈哈", "快来快来", "1", "顶", "冲冲冲", "👍");

    private static final List<String> FILE_NAMES = List.of("产品手册.pdf", "活动规则.docx", "价目表.xlsx", "使用说明.pdf");

    private static final List<String> CHECKIN_TEXTS = List.of("签到", "打卡", "签到！", "#打卡#", " 签到 ", "打卡✅", "【签到】");

    private static final List<String> NEAR_MISS_CHECKINS = List.of("今天签到了", "签 到", "打卡第3天");

    private static final List<String> SENSITIVE_TEXTS = List.of(
            "我的电话是13800138000，直接打给我", "方便的话加微信聊，vx: abc123", "加 微 信 给你返现",
            "邮箱 Chen.Li@QQ.com 发我资料", "电话：１３９ ００１３ ９０００", "私下转账返现5元");

    private final int days;
    private final int customerCount;
    private final long seed;

    private SplittableRandom random;
    private final List<Line> callbacks = new ArrayList<>();
    private final List<Line> messages = new ArrayList<>();
    private String corpId;
    private long msgCounter;

    /** One line to write: when it happened and when it reached us (the order it is written in). */
    private record Line(long arrivalMillis, long sequence, String json) {}

    /** A customer's own group: where they talk, from when. */
    private record Membership(String customer, String group, long joinedAt) {}

    /** A {@code del_external_contact}: the employee deleted the customer. */
    private record Deletion(String employee, String customer, long at) {}

    /** What an employee sends that WeCom's sensitive-behaviour settings watch (敏感行为). */
    private enum Attachment { RED_PACKET, CARD, FILE }

    private final List<Membership> memberships = new ArrayList<>();
    private final List<Deletion> deletions = new ArrayList<>();

    /** What was written. */
    public record Stats(int callbacks, int messages, int duplicates, int malformed, int customers, int groups,
            int catalogueEntries, int fissionParticipants, int fissionInvites) {
        public String describe(Path out) {
            return String.format(
                    "wrote %,d callback lines to %s, %,d message lines to %s, %,d channel catalogue entries to %s "
                            + "and compliance rules to %s%n"
                            + "(%,d customers, %d groups; %,d of the customers invited by friends, %,d participants of the "
                            + "fission campaign %s; %,d exact duplicates and %d malformed lines included)",
                    callbacks, out.resolve(CALLBACKS_FILE), messages, out.resolve(MESSAGES_FILE),
                    catalogueEntries, out.resolve(CHANNELS_FILE), out.resolve(RULES_FILE),
                    customers, groups, fissionInvites, fissionParticipants, FissionCampaign.CAMPAIGN, duplicates, malformed);
        }
    }

    public TenantGenerator(int days, int customers, long seed) {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("--days must be between 1 and 366, got " + days);
        }
        if (customers < 1 || customers > 1_000_000) {
            throw new IllegalArgumentException("--customers must be between 1 and 1000000, got " + customers);
        }
        this.days = days;
        this.customerCount = customers;
        this.seed = seed;
    }

    public Stats writeTo(Path directory) throws IOException {
        random = new SplittableRandom(seed);
        callbacks.clear();
        messages.clear();
        memberships.clear();
        deletions.clear();
        msgCounter = 0;
        corpId = "ww" + hex(16);

        List<String> employees = EMPLOYEE_NAMES.subList(0, Math.min(EMPLOYEE_NAMES.size(), Math.max(3, customerCount / 40)));
        List<String> groups = new ArrayList<>();
        int groupCount = Math.max(2, customerCount / 60);
        long start = FIRST_DAY.atStartOfDay(ZONE).toInstant().toEpochMilli();
        for (int g = 0; g < groupCount; g++) {
            String chatId = "wr" + alphanumeric(22);
            groups.add(chatId);
            callback(chatEvent(chatId, "create", null, start + random.nextLong(HOUR)), start);
        }
        List<Arrival> arrivals = new ArrayList<>();
        for (int c = 0; c < customerCount; c++) {
            arrivals.add(planArrival(start, employees));
        }
        FissionCampaign.Outcome fission = new FissionCampaign(random, start, start + days * DAY).run(arrivals);
        for (Arrival arrival : arrivals) {
            simulateCustomer(arrival, employees, groups);
        }
        for (int day = 0; day < days; day++) {
            simulateStaffDay(start + day * DAY, employees, groups);
        }
        simulateFlooding();
        simulateMassDeletions(arrivals, start);
        int duplicates = addRetries(callbacks, 0.03, 5_000, 15_000) + addRetries(messages, 0.02, 60_000, 600_000);
        int malformed = addMalformed(start);

        Files.createDirectories(directory);
        write(directory.resolve(CALLBACKS_FILE), callbacks);
        write(directory.resolve(MESSAGES_FILE), messages);
        Files.write(directory.resolve(RULES_FILE), RULES, StandardCharsets.UTF_8);
        List<CatalogueEntry> catalogue = catalogue(fission.posters());
        writeCatalogue(directory.resolve(CHANNELS_FILE), catalogue);
        return new Stats(callbacks.size(), messages.size(), duplicates, malformed, customerCount, groupCount,
                catalogue.size(), fission.posters().size(), fission.invites());
    }

    private Arrival planArrival(long start, List<String> employees) {
        Channel channel = pickChannel();
        String customer = (random.nextInt(10) == 0 ? "wo" : "wm") + alphanumeric(24);
        String employee = pick(employees);
        long addTime = start + random.nextInt(days) * DAY + 8 * HOUR + random.nextLong(15 * HOUR);
        return new Arrival(customer, employee, channel.state(), addTime, channel.behaviour());
    }

    /** The catalogued channel and store codes, then every fission participant's poster code. */
    private List<CatalogueEntry> catalogue(List<FissionCampaign.Poster> posters) {
        List<CatalogueEntry> entries = new ArrayList<>();
        for (Channel channel : CHANNELS) {
            if (channel.catalogued()) {
                entries.add(channel.entry(corpId));
            }
        }
        for (FissionCampaign.Poster poster : posters) {
            String name = "春季裂变海报 " + poster.inviter().substring(poster.inviter().length() - 6);
            entries.add(CatalogueEntry.fissionPoster(corpId, poster.state(), name, FissionCampaign.CAMPAIGN,
                    poster.inviter(), FissionCampaign.TARGET));
        }
        return entries;
    }

    private static void writeCatalogue(Path file, List<CatalogueEntry> entries) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (CatalogueEntry entry : entries) {
                out.write(Json.ROWS.writeValueAsString(entry));
                out.write('\n');
            }
        }
    }

    private void simulateCustomer(Arrival arrival, List<String> employees, List<String> groups) {
        String customer = arrival.customer();
        String employee = arrival.employee();
        Behaviour behaviour = arrival.behaviour();
        long addTime = arrival.addedAt();

        if (random.nextInt(12) == 0) {
            callback(contactEvent("add_half_external_contact", employee, customer, arrival.state(), addTime), addTime);
            addTime += MINUTE + random.nextLong(30 * MINUTE);
        }
        callback(contactEvent("add_external_contact", employee, customer, arrival.state(), addTime), addTime);
        message(oneToOne(employee, customer, pick(EMPLOYEE_LINES), addTime + 20_000 + random.nextLong(MINUTE)));

        if (random.nextInt(20) == 0) {
            String second = pick(employees);
            long readdTime = addTime + HOUR + random.nextLong(3 * DAY);
            callback(contactEvent("add_external_contact", second, customer, "", readdTime), readdTime);
        }
        if (random.nextDouble() < behaviour.engage()) {
            simulateOneToOneChat(employee, customer, addTime);
        }
        if (random.nextDouble() < behaviour.joinGroup()) {
            joinGroups(customer, addTime, groups, behaviour);
        }
        if (random.nextDouble() < behaviour.churn()) {
            long churnTime = addTime + HOUR + random.nextLong(6 * DAY);
            callback(contactEvent("del_follow_user", employee, customer, null, churnTime), churnTime);
        } else if (behaviour.lateChurn() > 0 && random.nextDouble() < behaviour.lateChurn()) {
            long churnTime = addTime + 8 * DAY + random.nextLong(7 * DAY);
            callback(contactEvent("del_follow_user", employee, customer, null, churnTime), churnTime);
        } else if (random.nextInt(100) == 0) {
            deleteContact(employee, customer, addTime + DAY + random.nextLong(5 * DAY));
        }
        if (random.nextInt(15) == 0) {
            long editTime = addTime + random.nextLong(2 * DAY);
            callback(contactEvent("edit_external_contact", employee, customer, null, editTime), editTime);
        }
    }

    private void simulateOneToOneChat(String employee, String customer, long addTime) {
        int conversations = 1 + random.nextInt(3);
        for (int i = 0; i < conversations; i++) {
            long asked = customerWritesAt(addTime);
            String text = random.nextInt(40) == 0 ? pick(SENSITIVE_TEXTS) : pick(CUSTOMER_LINES);
            message(oneToOne(customer, employee, text, asked));
            long replied = replyTime(asked);
            if (replied == NEVER) {
                continue;
            }
            int roll = random.nextInt(100);
            if (roll < 3) {
                message(attachment(employee, List.of(customer), "", Attachment.values()[roll], replied));
            } else {
                message(oneToOne(employee, customer, pick(EMPLOYEE_LINES), replied));
            }
        }
    }

    /**
     * When a customer writes, on a day after their add: mostly in working hours, some in the
     * evening, a few at night.
     */
    private long customerWritesAt(long addTime) {
        long day = startOfLocalDay(addTime + MINUTE + random.nextLong(Math.max(DAY, (long) days * DAY / 2)));
        int roll = random.nextInt(100);
        long clock;
        if (roll < 70) {
            clock = WORK_OPENS + random.nextLong(WORK_CLOSES - WORK_OPENS);
        } else if (roll < 92) {
            clock = WORK_CLOSES + random.nextLong(5 * HOUR + 30 * MINUTE);
        } else {
            clock = random.nextLong(WORK_OPENS);
        }
        long at = day + clock;
        return at > addTime + MINUTE ? at : at + DAY;
    }

    private static final long NEVER = -1;

    /**
     * When the employee answers a customer who wrote at {@code asked} ({@link #NEVER} for some): in
     * working hours mostly well within the reply monitor's 30 minutes, some one to two hours later
     * (still that working day, so late in working time too); outside working hours some at once,
     * most the next opening's first 25 minutes, some later that morning.
     */
    private long replyTime(long asked) {
        int roll = random.nextInt(100);
        if (roll < 6) {
            return NEVER;
        }
        long day = startOfLocalDay(asked);
        long clock = asked - day;
        if (clock >= WORK_OPENS && clock < WORK_CLOSES) {
            if (roll < 16 && clock < WORK_CLOSES - 2 * HOUR) {
                return asked + 35 * MINUTE + random.nextLong(85 * MINUTE);
            }
            return asked + MINUTE + random.nextLong(25 * MINUTE);
        }
        if (roll < 30) {
            return asked + MINUTE + random.nextLong(10 * MINUTE);
        }
        long nextOpening = (clock < WORK_OPENS ? day : day + DAY) + WORK_OPENS;
        if (roll < 42) {
            return nextOpening + 35 * MINUTE + random.nextLong(90 * MINUTE);
        }
        return nextOpening + random.nextLong(25 * MINUTE);
    }

    /** Midnight in the business zone of the day {@code millis} falls on. */
    private static long startOfLocalDay(long millis) {
        return millis - Math.floorMod(millis + ZONE_OFFSET, DAY);
    }

    /**
     * The customer's own group, where they talk and may check in, and for some one or two more
     * groups they mostly read: the people a group de-duplication (定期去重) looks for.
     */
    private void joinGroups(String customer, long addTime, List<String> groups, Behaviour behaviour) {
        String group = pick(groups);
        long joinTime = addTime + 10 * MINUTE + random.nextLong(3 * DAY);
        callback(memberChange(group, "add_member", customer, joinTime), joinTime);
        memberships.add(new Membership(customer, group, joinTime));
        simulateGroupLife(customer, group, joinTime, behaviour.checkin(), 3);

        int moreGroups = random.nextInt(100) < 15 ? (random.nextInt(4) == 0 ? 2 : 1) : 0;
        List<String> joined = new ArrayList<>(List.of(group));
        for (int i = 0; i < moreGroups && joined.size() < groups.size(); i++) {
            String another = pick(groups);
            while (joined.contains(another)) {
                another = pick(groups);
            }
            joined.add(another);
            long anotherJoinTime = joinTime + HOUR + random.nextLong(5 * DAY);
            callback(memberChange(another, "add_member", customer, anotherJoinTime), anotherJoinTime);
            simulateGroupLife(customer, another, anotherJoinTime, 0, 8);
        }
    }

    /** Check-ins with the given chance, chat on one day in {@code chatOneDayIn}; one in ten leaves, some come back. */
    private void simulateGroupLife(String customer, String group, long joinTime, double checkin, int chatOneDayIn) {
        long end = FIRST_DAY.atStartOfDay(ZONE).toInstant().toEpochMilli() + days * DAY;
        boolean checksIn = random.nextDouble() < checkin;
        long day = joinTime - Math.floorMod(joinTime + 8 * HOUR, DAY) + DAY;
        // Some members never miss a day; the others miss up to two.
        int streakBreaks = random.nextInt(3) == 0 ? 2 : 0;
        // One in five gives the challenge up after a few days: a streak that ends before the period does.
        long givesUpAt = random.nextInt(5) == 0 ? day + (3 + random.nextInt(10)) * DAY : Long.MAX_VALUE;
        for (long dayStart = day; dayStart < end; dayStart += DAY) {
            if (checksIn && dayStart < givesUpAt) {
                if (random.nextInt(8) == 0 && streakBreaks < 2) {
                    streakBreaks++;
                } else {
                    long at = dayStart + 7 * HOUR + random.nextLong(3 * HOUR);
                    message(groupMessage(customer, group, pick(CHECKIN_TEXTS), at));
                    if (random.nextInt(6) == 0) {
                        message(groupMessage(customer, group, pick(CHECKIN_TEXTS), at + 2 * HOUR));
                    }
                }
            }
            if (random.nextInt(chatOneDayIn) == 0) {
                int count = 1 + random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    long at = dayStart + 9 * HOUR + random.nextLong(14 * HOUR);
                    message(groupMessage(customer, group, groupText(), at));
                }
            }
        }
        if (random.nextInt(10) == 0) {
            long quitTime = joinTime + HOUR + random.nextLong(4 * DAY);
            callback(memberChange(group, "del_member", customer, quitTime), quitTime);
            if (random.nextInt(4) == 0) {
                long rejoinTime = quitTime + HOUR + random.nextLong(3 * DAY);
                callback(memberChange(group, "add_member", customer, rejoinTime), rejoinTime);
            }
        }
    }

    private String groupText() {
        int roll = random.nextInt(100);
        if (roll < 2) {
            return pick(SENSITIVE_TEXTS);
        }
        if (roll < 4) {
            return pick(NEAR_MISS_CHECKINS);
        }
        return pick(CUSTOMER_LINES);
    }

    /** Employees post in groups, switch archive sessions, and WeCom sends events the jobs ignore. */
    private void simulateStaffDay(long dayStart, List<String> employees, List<String> groups) {
        for (String group : groups) {
            if (random.nextInt(2) == 0) {
                long at = dayStart + 10 * HOUR + random.nextLong(10 * HOUR);
                int roll = random.nextInt(60);
                if (roll < Attachment.values().length) {
                    message(attachment(pick(employees), List.of(), group, Attachment.values()[roll], at));
                } else {
                    message(groupMessage(pick(employees), group, pick(EMPLOYEE_LINES), at));
                }
            }
        }
        for (String employee : employees) {
            if (random.nextInt(4) == 0) {
                long at = dayStart + 9 * HOUR + random.nextLong(HOUR);
                ObjectNode record = archiveBase(employee, at);
                record.put("action", "switch");
                record.remove("msgtime");
                record.put("time", at);
                record.put("user", employee);
                message(record, at);
            }
        }
        long at = dayStart + 12 * HOUR;
        ObjectNode tagEvent = callbackBase("change_external_tag", at);
        tagEvent.put("Id", "et" + alphanumeric(20));
        tagEvent.put("TagType", "tag");
        tagEvent.put("ChangeType", "create");
        callback(tagEvent, at);
    }

    /**
     * The member who joined a group first floods it (刷屏) twice, 12 and 15 messages inside one
     * minute, and once sends 12 in 20 seconds across a minute's end: fewer than 10 in either minute, no flood.
     */
    private void simulateFlooding() {
        memberships.stream().min(Comparator.comparingLong(Membership::joinedAt)).ifPresent(flooder -> {
            long firstDay = startOfLocalDay(flooder.joinedAt()) + DAY;
            burst(flooder, firstDay + 20 * HOUR + 31 * MINUTE, 12, 50_000);
            burst(flooder, firstDay + 2 * DAY + 19 * HOUR + 59 * MINUTE + 50_000, 12, 20_000);
            burst(flooder, firstDay + 3 * DAY + 21 * HOUR + 5 * MINUTE + 2_000, 15, 55_000);
        });
    }

    /** {@code count} messages of the member in their group, spread evenly over {@code spanMillis} from {@code from}. */
    private void burst(Membership member, long from, int count, long spanMillis) {
        for (int i = 0; i < count; i++) {
            long at = from + i * (spanMillis / count);
            message(groupMessage(member.customer(), member.group(), pick(FLOOD_LINES), at));
        }
    }

    /**
     * On the period's second-last day the employee with the most customers deletes
     * {@value #MASS_DELETIONS} of them in one afternoon (the first alert of a monitor that comes from
     * callbacks); on the day before, the next employee deletes {@value #DELETIONS_BELOW_THRESHOLD}
     * customers, those they happened to delete that day included, one fewer than the default
     * threshold. An employee without enough customers by then deletes nobody.
     */
    private void simulateMassDeletions(List<Arrival> arrivals, long start) {
        long massDay = start + Math.max(0, days - 2) * DAY;
        long belowDay = start + Math.max(0, days - 3) * DAY;
        List<String> byCustomers = employeesByCustomersAddedBefore(arrivals, massDay);
        if (byCustomers.size() < 2) {
            return;
        }
        deleteInOneAfternoon(byCustomers.get(0), arrivals, massDay, MASS_DELETIONS);
        deleteInOneAfternoon(byCustomers.get(1), arrivals, belowDay, DELETIONS_BELOW_THRESHOLD);
    }

    private static List<String> employeesByCustomersAddedBefore(List<Arrival> arrivals, long dayStart) {
        Map<String, Long> customers = new TreeMap<>();
        for (Arrival arrival : arrivals) {
            if (arrival.addedAt() < dayStart) {
                customers.merge(arrival.employee(), 1L, Long::sum);
            }
        }
        return customers.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * The employee deletes customers they added before the day, from 14:00 a few minutes apart,
     * until {@code total} distinct customers were deleted that day.
     */
    private void deleteInOneAfternoon(String employee, List<Arrival> arrivals, long dayStart, int total) {
        Set<String> deletedThatDay = new HashSet<>();
        for (Deletion deletion : deletions) {
            if (deletion.employee().equals(employee) && startOfLocalDay(deletion.at()) == dayStart) {
                deletedThatDay.add(deletion.customer());
            }
        }
        List<String> candidates = arrivals.stream()
                .filter(arrival -> arrival.employee().equals(employee) && arrival.addedAt() < dayStart)
                .map(Arrival::customer)
                .filter(customer -> !deletedThatDay.contains(customer))
                .toList();
        if (candidates.size() < total - deletedThatDay.size()) {
            return;
        }
        long at = dayStart + 14 * HOUR;
        for (int i = 0; deletedThatDay.size() < total; i++) {
            at += MINUTE + random.nextLong(5 * MINUTE);
            deleteContact(employee, candidates.get(i), at);
            deletedThatDay.add(candidates.get(i));
        }
    }

    /** The employee deletes the customer (WeCom reports it with an empty Source unless a transfer did it). */
    private void deleteContact(String employee, String customer, long at) {
        if (afterThePeriod(at)) {
            return;
        }
        deletions.add(new Deletion(employee, customer, at));
        callback(contactEvent("del_external_contact", employee, customer, null, at), at);
    }

    private ObjectNode callbackBase(String event, long millis) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("ToUserName", corpId);
        node.put("FromUserName", "sys");
        long seconds = millis / 1000;
        if (random.nextInt(5) == 0) {
            node.put("CreateTime", Long.toString(seconds));
        } else {
            node.put("CreateTime", seconds);
        }
        node.put("MsgType", "event");
        node.put("Event", event);
        return node;
    }

    private ObjectNode contactEvent(String changeType, String employee, String customer, String state, long millis) {
        ObjectNode node = callbackBase("change_external_contact", millis);
        node.put("ChangeType", changeType);
        node.put("UserID", employee);
        node.put("ExternalUserID", customer);
        if (state != null && !state.isEmpty()) {
            node.put("State", state);
        }
        if (changeType.startsWith("add")) {
            node.put("WelcomeCode", alphanumeric(24));
        }
        if (changeType.equals("del_external_contact")) {
            node.put("Source", "");
        }
        return node;
    }

    private ObjectNode chatEvent(String chatId, String changeType, String detail, long millis) {
        ObjectNode node = callbackBase("change_external_chat", millis);
        node.put("ChatId", chatId);
        node.put("ChangeType", changeType);
        if (detail != null) {
            node.put("UpdateDetail", detail);
        }
        return node;
    }

    private ObjectNode memberChange(String chatId, String detail, String member, long millis) {
        ObjectNode node = chatEvent(chatId, "update", detail, millis);
        if (detail.equals("add_member")) {
            node.put("JoinScene", random.nextInt(3) == 0 ? 0 : 3);
        } else {
            node.put("QuitScene", 0);
        }
        node.put("MemChangeCnt", 1);
        if (random.nextInt(3) == 0) {
            node.put("MemChangeList", member);
        } else {
            node.putArray("MemChangeList").add(member);
        }
        long version = 100 + msgCounter;
        node.put("LastMemVer", Long.toString(version));
        node.put("CurMemVer", Long.toString(version + 1));
        return node;
    }

    private ObjectNode archiveBase(String from, long millis) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        msgCounter++;
        node.put("msgid", msgCounter + "_" + alphanumeric(12) + "_external");
        node.put("action", "send");
        node.put("from", from);
        node.put("msgtime", millis);
        node.put("corpid", corpId);
        node.put("seq", msgCounter);
        return node;
    }

    private ObjectNode oneToOne(String from, String to, String text, long millis) {
        return chatMessage(from, List.of(to), "", text, millis);
    }

    private ObjectNode groupMessage(String from, String group, String text, long millis) {
        return chatMessage(from, List.of(), group, text, millis);
    }

    private ObjectNode chatMessage(String from, List<String> to, String room, String text, long millis) {
        ObjectNode node = archiveBase(from, millis);
        ArrayNode toList = node.putArray("tolist");
        to.forEach(toList::add);
        node.put("roomid", room);
        int kind = random.nextInt(100);
        if (kind < 6) {
            node.put("msgtype", "image");
            node.putObject("image").put("md5sum", hex(32)).put("filesize", 10_000 + random.nextInt(90_000))
                    .put("sdkfileid", alphanumeric(40));
        } else if (kind < 8) {
            node.put("msgtype", "link");
            node.putObject("link").put("title", "双11会员专享").put("description", text).put("link_url", "https://example.com/a");
        } else if (kind < 9) {
            node.put("msgtype", "emotion");
            node.putObject("emotion").put("type", 1).put("width", 100).put("height", 100);
        } else {
            node.put("msgtype", "text");
            node.putObject("text").put("content", text);
        }
        return node;
    }

    /**
     * A red packet (互通红包: one to a customer, a lucky-draw one in a group), a business card or a
     * file, in the archive's own payload shapes.
     */
    private ObjectNode attachment(String from, List<String> to, String room, Attachment kind, long millis) {
        ObjectNode node = archiveBase(from, millis);
        ArrayNode toList = node.putArray("tolist");
        to.forEach(toList::add);
        node.put("roomid", room);
        switch (kind) {
            case RED_PACKET -> {
                boolean inGroup = !room.isEmpty();
                int packets = inGroup ? 5 + random.nextInt(16) : 1;
                node.put("msgtype", "external_redpacket");
                node.putObject("redpacket").put("type", inGroup ? 2 : 1).put("wish", "恭喜发财，大吉大利")
                        .put("totalcnt", packets).put("totalamount", packets * (88 + random.nextInt(500)));
            }
            case CARD -> {
                node.put("msgtype", "card");
                node.putObject("card").put("corpname", "上海美妆科技有限公司").put("userid", from);
            }
            case FILE -> {
                String name = pick(FILE_NAMES);
                node.put("msgtype", "file");
                node.putObject("file").put("md5sum", hex(32)).put("filename", name)
                        .put("fileext", name.substring(name.lastIndexOf('.') + 1))
                        .put("filesize", 20_000 + random.nextInt(2_000_000)).put("sdkfileid", alphanumeric(40));
            }
        }
        return node;
    }

    /** The simulation ends with its last day: what would happen later is not reported. */
    private boolean afterThePeriod(long eventMillis) {
        return eventMillis >= FIRST_DAY.plusDays(days).atStartOfDay(ZONE).toInstant().toEpochMilli();
    }

    private void callback(ObjectNode node, long eventMillis) {
        if (afterThePeriod(eventMillis)) {
            return;
        }
        callbacks.add(new Line(arrival(eventMillis), callbacks.size(), node.toString()));
    }

    private void message(ObjectNode node) {
        long millis = node.get("msgtime").asLong();
        message(node, millis);
        if (random.nextInt(50) == 0) {
            ObjectNode recall = archiveBase(node.get("from").asText(), millis + 30_000);
            recall.put("action", "recall");
            recall.set("tolist", node.get("tolist").deepCopy());
            recall.put("roomid", node.get("roomid").asText());
            recall.put("msgtype", "revoke");
            recall.putObject("revoke").put("pre_msgid", node.get("msgid").asText());
            message(recall, millis + 30_000);
        }
    }

    private void message(ObjectNode node, long eventMillis) {
        if (afterThePeriod(eventMillis)) {
            return;
        }
        messages.add(new Line(arrival(eventMillis), messages.size(), node.toString()));
    }

    /** Most records arrive within seconds, some minutes late, a few a day or two late. */
    private long arrival(long eventMillis) {
        int roll = random.nextInt(100);
        if (roll < 90) {
            return eventMillis + random.nextLong(3_000);
        }
        if (roll < 98) {
            return eventMillis + MINUTE + random.nextLong(HOUR);
        }
        return eventMillis + HOUR + random.nextLong(2 * DAY);
    }

    /** WeCom retries unanswered callbacks and archive pulls overlap: exact copies, arriving a little later. */
    private int addRetries(List<Line> lines, double share, long minDelay, long maxDelay) {
        int count = (int) Math.round(lines.size() * share);
        for (int i = 0; i < count; i++) {
            Line original = lines.get(random.nextInt(lines.size()));
            lines.add(new Line(original.arrivalMillis() + minDelay + random.nextLong(maxDelay - minDelay),
                    lines.size(), original.json()));
        }
        return count;
    }

    private int addMalformed(long start) {
        long at = start + DAY / 2;
        callbacks.add(new Line(at, callbacks.size(), "{\"ToUserName\":\"" + corpId + "\",\"CreateTime\":17"));
        callbacks.add(new Line(at + 1, callbacks.size(),
                "{\"ToUserName\":\"" + corpId + "\",\"FromUserName\":\"sys\",\"CreateTime\":\"yesterday\","
                        + "\"MsgType\":\"event\",\"Event\":\"change_external_contact\",\"ChangeType\":\"add_external_contact\"}"));
        messages.add(new Line(at + 2, messages.size(),
                "{\"msgid\":\"broken_1\",\"action\":\"send\",\"from\":\"zhangwei\",\"tolist\":\"wmX\",\"roomid\":\"\","
                        + "\"msgtime\":1762000000000,\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"},\"corpid\":\"" + corpId + "\"}"));
        messages.add(new Line(at + 3, messages.size(), "<xml><Encrypt>not decrypted</Encrypt></xml>"));
        return 4;
    }

    private static void write(Path file, List<Line> lines) throws IOException {
        List<Line> ordered = new ArrayList<>(lines);
        ordered.sort(Comparator.comparingLong(Line::arrivalMillis).thenComparingLong(Line::sequence));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Line line : ordered) {
                out.write(line.json());
                out.write('\n');
            }
        }
    }

    private Channel pickChannel() {
        double roll = random.nextDouble();
        for (Channel channel : CHANNELS) {
            roll -= channel.weight();
            if (roll < 0) {
                return channel;
            }
        }
        return CHANNELS.get(CHANNELS.size() - 1);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private String hex(int length) {
        return randomChars("0123456789abcdef", length);
    }

    private String alphanumeric(int length) {
        return randomChars("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", length);
    }

    private String randomChars(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
