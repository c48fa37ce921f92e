package dev.overlaysim.scenarios.lab;

/** The few words of the lab commands' own output, in English and Chinese. */
record Ui(Lang lang) {

    static Ui of(Lang lang) {
        return new Ui(lang);
    }

    private boolean zh() {
        return lang == Lang.ZH;
    }

    String passage() {
        return zh() ? "原文" : "From the source document";
    }

    String itemsHeading() {
        return zh() ? "评分项" : "Graded items";
    }

    String runCheck() {
        return zh() ? "运行检查" : "run check";
    }

    String question() {
        return zh() ? "问题" : "question";
    }

    String howHeading() {
        return zh() ? "怎么做" : "How to work";
    }

    String how(Lab lab) {
        String scenario = lab.scenarios().get(0);
        if (zh()) {
            return "- 运行场景并逐跳查看数据包：`overlaysim run " + scenario + "`（`--trace full` 显示每一跳的字节）\n"
                    + "- 查看运行结束时某台主机上的表：`overlaysim show " + scenario + " node1 ip route`"
                    + "（还有 `ip neigh`、`bridge fdb show`、`ip -d link`、`ip -s link`、`etcdctl ...`）\n"
                    + (lab.questions().isEmpty() ? "" : "- 把答案写进 `answers.yaml`（每个问题一个键）\n")
                    + "- 评分：`overlaysim lab check`；第 N 项的提示：`overlaysim lab hint N`\n";
        }
        return "- Run the scenario and follow the packet hop by hop: `overlaysim run " + scenario + "`"
                + " (`--trace full` adds the bytes at each hop)\n"
                + "- Print a table of a host as the run leaves it: `overlaysim show " + scenario + " node1 ip route`"
                + " (also `ip neigh`, `bridge fdb show`, `ip -d link`, `ip -s link`, `etcdctl ...`)\n"
                + (lab.questions().isEmpty() ? "" : "- Write your answers into `answers.yaml` (one key per question)\n")
                + "- Grade your work: `overlaysim lab check`; the hint of item N: `overlaysim lab hint N`\n";
    }

    String answersHeader(Lab lab) {
        if (zh()) {
            return "实验 " + lab.id() + " 的答案：在每个键后写答案（`overlaysim lab check` 评分）。\n"
                    + "# 答案中含有 ': ' 或以 [ { - # & 开头时，请加引号。";
        }
        return "Answers for lab " + lab.id() + ": write each answer after its key (`overlaysim lab check` grades them).\n"
                + "# Quote an answer that contains ': ' or starts with [ { - # &.";
    }

    String expected() {
        return zh() ? "期望" : "expected";
    }

    String actual() {
        return zh() ? "实际" : "got";
    }

    String hint() {
        return zh() ? "提示" : "hint";
    }

    String summary(int passed, int total) {
        return zh() ? "共 " + total + " 项，通过 " + passed + " 项" : passed + " of " + total + " items pass";
    }

    String stop() {
        return zh() ? "。" : ".";
    }

    String hintTip() {
        return zh() ? "`overlaysim lab hint N` 再次显示第 N 项的提示。" : "`overlaysim lab hint N` shows the hint of item N again.";
    }

    String questionWord() {
        return zh() ? "问题" : "question";
    }
}
