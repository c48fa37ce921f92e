package dev.overlaysim.scenarios.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlaysim.scenarios.i18n.Lang;
import dev.overlaysim.scenarios.i18n.Text;
import dev.overlaysim.scenarios.topology.TopologySvg;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The step-through view's own words, in English and Chinese as the labs have them ({@link Text},
 * {@link Lang}). The hops themselves stay as the walk prints them: they quote {@code ip route},
 * {@code bridge fdb} and tcpdump, which print English on every machine.
 */
final class ViewWords {

    private static final Map<String, Text> WORDS = new LinkedHashMap<>();

    static {
        put("flow", "Flow", "流");
        put("packet", "Packet", "数据包");
        put("play", "Play", "播放");
        put("pause", "Pause", "暂停");
        put("back", "◀ Step back", "◀ 上一步");
        put("forward", "Step forward ▶", "下一步 ▶");
        put("speed", "Speed", "速度");
        put("step", "Step", "步骤");
        put("of", "of", "/");
        put("hops", "Hops (click one to jump to it)", "各跳（点击跳转）");
        put("where", "Where", "位置");
        put("what", "What happened", "发生了什么");
        put("decision", "Decided by", "决定下一跳的表项");
        put("noDecision", "no table lookup yet", "尚未查表");
        put("pdu", "PDU at this hop", "此处的报文");
        put("noBytes", "no bytes recorded at this hop yet", "此处尚未记录字节");
        put("hex", "Hex", "十六进制");
        put("ledger", "Cost ledger: user/kernel copies so far", "开销账本：至此的用户态/内核态拷贝");
        put("noCopies", "no copy yet", "尚无拷贝");
        put("copy", "copy", "拷贝");
        put("on", "on", "于");
        put("dropped", "DROPPED", "丢弃");
        put("firstRequest", "first echo request", "第一个 echo 请求");
        put("firstDatagram", "first datagram", "第一个数据报");
        put("firstSegment", "first data segment", "第一个数据报文段");
        put("reply", "its echo reply", "它的 echo 应答");
        put("icmpError", "the ICMP error it caused", "它引起的 ICMP 错误");
        put("notSent", "no packet of the flow was sent", "此流没有发出数据包");
        put("arp", "ARP exchange it waited for", "它等待的 ARP 交换");
        put("title", "step-through view", "逐步查看");
        put("seed", "seed", "随机种子");
        put("backend", "backend", "后端");
    }

    private static void put(String key, String en, String zh) {
        WORDS.put(key, Text.of(en, zh));
    }

    private final Lang lang;

    ViewWords(Lang lang) { this.lang = lang; }

    String get(String key) {
        Text t = WORDS.get(key);
        if (t == null) throw new IllegalArgumentException("no view word " + key);
        return t.in(lang);
    }

    ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        WORDS.forEach((k, t) -> o.put(k, t.in(lang)));
        return o;
    }

    TopologySvg.Words drawing() {
        return lang == Lang.ZH ? TopologySvg.Words.ZH : TopologySvg.Words.EN;
    }
}
