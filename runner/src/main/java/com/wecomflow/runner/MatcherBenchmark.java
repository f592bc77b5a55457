package com.wecomflow.runner;

import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.KeywordAutomaton;
import com.wecomflow.jobs.compliance.RuleSet;
import com.wecomflow.text.TextNormalizer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code ./run bench matcher}: the sensitive-word matcher with 10,000 keywords on realistic chat
 * text, against the obvious baseline (a {@code contains} loop over every keyword) measured in
 * the same run on the same messages. Prints both rates, the ratio, and the full per-message scan
 * (normalisation, keywords, phone numbers, e-mail addresses, masking) that alerts pay for.
 * Every figure is the best of several timed rounds after a warm-up, printed with the slowest
 * round, so a reader sees how much one run's figures spread.
 */
public final class MatcherBenchmark {

    private static final String COMMON_CHARS =
            "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

    private static final List<String> CHAT_LINES = List.of(
            "你好，请问这个活动还有吗？", "价格能再优惠一点吗", "什么时候发货呀", "收到了，谢谢", "好的👌",
            "这个适合敏感肌吗？", "我想再买两盒", "群里的福利怎么领", "今天直播几点开始", "已下单，麻烦尽快发货",
            "您好，我是您的专属顾问，有问题随时找我～", "亲，活动今晚12点截止哦", "已经帮您备注加急了",
            "收到，马上为您处理", "群里今晚8点有秒杀，记得来", "这款是温和配方，敏感肌也可以用",
            "方便的话加微信聊，vx: abc123", "我的电话是13800138000，直接打给我", "邮箱 Chen.Li@QQ.com 发我资料",
            "签到", "打卡✅", "今天的课程笔记已经整理好了，大家可以下载看看", "Thanks! 明天见～");

    private final int keywordCount;
    private final int textMegabytes;
    private final PrintStream out;
    private final Progress progress;

    public MatcherBenchmark(int keywordCount, int textMegabytes, PrintStream out) {
        if (keywordCount < 1) {
            throw new IllegalArgumentException("--keywords must be at least 1");
        }
        if (textMegabytes < 1) {
            throw new IllegalArgumentException("--text-mb must be at least 1");
        }
        this.keywordCount = keywordCount;
        this.textMegabytes = textMegabytes;
        this.out = out;
        this.progress = new Progress(out);
    }

    public void run() {
        SplittableRandom random = new SplittableRandom(2026);
        List<String> keywords = keywords(random);
        List<String> messages = messages(random);
        List<String> normalized = messages.stream().map(TextNormalizer::normalize).toList();
        long bytes = messages.stream().mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length).sum();
        out.printf("matcher benchmark: %,d keywords, %,d messages, %.1f MB of chat text (UTF-8)%n",
                keywords.size(), messages.size(), bytes / 1e6);

        KeywordAutomaton automaton = new KeywordAutomaton(keywords);
        RuleSet rules = RuleSet.of(List.of(new ComplianceRule("bench", ComplianceRule.KEYWORD, keywords, null,
                "bench", "low", true, false)));
        long[] sink = new long[1];

        measure("warm-up", 2, () -> scanAll(automaton, normalized, sink));
        Timing automatonTime = measure("keyword automaton (normalised text)", 5, () -> scanAll(automaton, normalized, sink));
        Runnable fullScan = () -> messages.forEach(m -> sink[0] += rules.scan(List.of(m)).hits().size());
        measure("full scan warm-up", 1, fullScan);
        Timing fullTime = measure("full scan (normalise, keywords, phone, e-mail, mask)", 3, fullScan);

        // The baseline is about 150 times slower: it runs on the first half megabyte of the same messages.
        int sampleSize = (int) Math.max(1, normalized.size() * 0.5 / textMegabytes);
        List<String> sample = normalized.subList(0, sampleSize);
        long sampleBytes = messages.subList(0, sampleSize).stream()
                .mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length).sum();
        Runnable naiveLoop = () -> {
            for (String text : sample) {
                for (String keyword : keywords) {
                    if (text.contains(keyword)) {
                        sink[0]++;
                    }
                }
            }
        };
        measure("naive contains loop warm-up (sample)", 1, naiveLoop);
        Timing naiveTime = measure("naive contains loop (sample)", 3, naiveLoop);

        double megabytes = bytes / 1e6;
        double sampleMegabytes = sampleBytes / 1e6;
        double automatonRate = megabytes / automatonTime.best();
        double fullRate = megabytes / fullTime.best();
        double naiveRate = sampleMegabytes / naiveTime.best();
        out.println();
        out.println("  best round (slowest round), MB of UTF-8 chat text per second on one thread:");
        out.printf("  keyword automaton      %9.1f MB/s (%.1f)  on all %.1f MB%n", automatonRate,
                megabytes / automatonTime.worst(), megabytes);
        out.printf("  full message scan      %9.1f MB/s (%.1f)  on all %.1f MB%n", fullRate,
                megabytes / fullTime.worst(), megabytes);
        out.printf("  naive contains loop    %9.3f MB/s (%.3f)  on the first %.2f MB of the same messages%n", naiveRate,
                sampleMegabytes / naiveTime.worst(), sampleMegabytes);
        out.printf("  automaton / naive      %9.0fx  (goal: at least 20x)%n", automatonRate / naiveRate);
        out.printf("  full scan / naive      %9.0fx%n", fullRate / naiveRate);
        out.printf("  automaton per core     %9.1f MB/s  (goal: at least 50 MB/s; one thread)%n", automatonRate);
        out.printf("  (checksum %d)%n", sink[0]);
    }

    private static void scanAll(KeywordAutomaton automaton, List<String> texts, long[] sink) {
        for (String text : texts) {
            automaton.scan(text, (keyword, start, end) -> sink[0] += keyword);
        }
    }

    /** The fastest and the slowest of a measurement's rounds, in seconds. */
    private record Timing(double best, double worst) {}

    /** Runs the work {@code rounds} times, showing progress. */
    private Timing measure(String name, int rounds, Runnable work) {
        double best = Double.MAX_VALUE;
        double worst = 0;
        for (int round = 1; round <= rounds; round++) {
            progress.update(String.format("  %-55s round %d/%d", name, round, rounds));
            long start = System.nanoTime();
            work.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, seconds);
            worst = Math.max(worst, seconds);
        }
        progress.done(String.format("  %-55s best %.3f s, slowest %.3f s", name, best, worst));
        return new Timing(best, worst);
    }

    /** Distinct 2-4 character words from common characters, plus the words compliance really asks for. */
    private List<String> keywords(SplittableRandom random) {
        Set<String> words = new LinkedHashSet<>(List.of("加微信", "加v", "返现", "私下转账", "vx"));
        while (words.size() < keywordCount) {
            int length = 2 + random.nextInt(3);
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < length; i++) {
                word.append(COMMON_CHARS.charAt(random.nextInt(COMMON_CHARS.length())));
            }
            words.add(word.toString());
        }
        return new ArrayList<>(words);
    }

    /** Chat messages: real-looking lines, some joined, some with a random tail, until the size is reached. */
    private List<String> messages(SplittableRandom random) {
        List<String> messages = new ArrayList<>();
        long target = textMegabytes * 1_000_000L;
        long bytes = 0;
        while (bytes < target) {
            StringBuilder message = new StringBuilder(CHAT_LINES.get(random.nextInt(CHAT_LINES.size())));
            if (random.nextInt(3) == 0) {
                message.append(CHAT_LINES.get(random.nextInt(CHAT_LINES.size())));
            }
            if (random.nextInt(2) == 0) {
                for (int i = 0, n = random.nextInt(20); i < n; i++) {
                    message.append(COMMON_CHARS.charAt(random.nextInt(COMMON_CHARS.length())));
                }
            }
            String text = message.toString();
            messages.add(text);
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
        }
        return messages;
    }
}
