package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Lang;
import dev.overlaysim.scenarios.i18n.Text;

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

    /**
     * The section of the source document a passage sits under. The document is Chinese, so the
     * English texts give its heading as written (to find it) and in English (to read it).
     */
    String section(Text section) {
        if (zh() || section.en().isEmpty() || section.zh().isEmpty() || section.en().equals(section.zh())) {
            return "“" + section.in(lang) + "”";
        }
        return "section “" + section.zh() + "”, " + section.en();
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

    /**
     * The "How to work" list. Every backquoted {@code overlaysim ...} in it is a complete command
     * that exits 0 when run in the lab directory as printed (LabTextCommandsTest runs them all).
     */
    /** The step-through page {@code lab start} writes beside a scenario: {@code scenario.yaml} → {@code scenario.html}. */
    static String view(String scenario) {
        return scenario.replaceFirst("\\.ya?ml$", "") + ".html";
    }

    String how(Lab lab) {
        String scenario = lab.scenarios().get(0);
        String launcher = System.getProperty(LAUNCHER_PROPERTY, "");
        if (zh()) {
            return "- 以下命令都在本目录中运行。" + (launcher.isEmpty()
                    ? "`overlaysim` 是 overlaysim 源码目录里的启动脚本：把它所在的目录加入 PATH，或者输入它的完整路径。\n"
                    : "`overlaysim` 在这台机器上是 " + launcher + "：运行一次 `export PATH=\"" + parent(launcher)
                    + ":$PATH\"`，或者输入完整路径。\n")
                    + "- 运行场景并逐跳查看数据包：`overlaysim run " + scenario + "`；加上 `--trace full` 显示每一跳的字节："
                    + "`overlaysim run " + scenario + " --trace full`\n"
                    + "- 在浏览器里一步一步看这个数据包：打开 `" + view(scenario) + "`（离线可用；改了场景后用 `overlaysim view "
                    + scenario + " -o " + view(scenario) + "` 重新生成）\n"
                    + "- 查看运行结束时某台主机上的表：`overlaysim show " + scenario + " node1 -- ip route`；"
                    + "`--` 之后写的就是在那台主机上要运行的命令（`ip neigh`、`bridge fdb show`、`ip -d link show`、"
                    + "`ip -s link`、`etcdctl ls /coreos.com/network/subnets` 等）\n"
                    + (lab.questions().isEmpty() ? "" : "- 把答案写进 `answers.yaml`（每个问题一个键）\n")
                    + "- 评分：`overlaysim lab check`；第 1 项的提示：`overlaysim lab hint 1`（其他项把 1 换成项号）\n";
        }
        return "- Run these commands in this directory. " + (launcher.isEmpty()
                ? "`overlaysim` is the launcher script in the overlaysim checkout: put its directory on your PATH, or type its full path.\n"
                : "`overlaysim` is " + launcher + " on this machine: run `export PATH=\"" + parent(launcher)
                + ":$PATH\"` once, or type the full path.\n")
                + "- Run the scenario and follow the packet hop by hop: `overlaysim run " + scenario + "`; with the bytes"
                + " at each hop: `overlaysim run " + scenario + " --trace full`\n"
                + "- Step through the packet in a browser: open `" + view(scenario) + "` (works offline; after changing the"
                + " scenario, write it again with `overlaysim view " + scenario + " -o " + view(scenario) + "`)\n"
                + "- Print a table of a host as the run leaves it: `overlaysim show " + scenario + " node1 -- ip route`;"
                + " after `--` comes the command to run on that host (`ip neigh`, `bridge fdb show`, `ip -d link show`,"
                + " `ip -s link`, `etcdctl ls /coreos.com/network/subnets`, ...)\n"
                + (lab.questions().isEmpty() ? "" : "- Write your answers into `answers.yaml` (one key per question)\n")
                + "- Grade your work: `overlaysim lab check`; the hint of item 1: `overlaysim lab hint 1` (any item's number)\n";
    }

    /**
     * The system property the {@code overlaysim} launcher script sets to its own path, so that a lab's
     * README can say where the command is; unset when the jar is run directly.
     */
    static final String LAUNCHER_PROPERTY = "overlaysim.launcher";

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "." : path.substring(0, slash);
    }

    String answersHeader(Lab lab) {
        if (zh()) {
            return "实验 " + lab.id() + " 的答案：在每个键后写答案（`overlaysim lab check` 评分）。\n"
                    + "# 答案中含有 ': ' 或以 [ { - # & 开头时，请加引号。";
        }
        return "Answers for lab " + lab.id() + ": write each answer after its key (`overlaysim lab check` grades them).\n"
                + "# Quote an answer that contains ': ' or starts with [ { - # &.";
    }

    String hint() {
        return zh() ? "提示" : "hint";
    }

    String summary(int passed, int total) {
        return zh() ? "共 " + total + " 项，通过 " + passed + " 项" : passed + " of " + total + " items pass";
    }

    String teacherGrades(int n) {
        return zh() ? "；另有 " + n + " 项由老师评分" : "; " + n + (n == 1 ? " is" : " are") + " graded by your teacher";
    }

    String stop() {
        return zh() ? "。" : ".";
    }

    String hintTip() {
        return zh() ? "`overlaysim lab hint N` 再次显示第 N 项的提示。" : "`overlaysim lab hint N` shows the hint of item N again.";
    }

    String hintFor(int item) {
        return zh() ? "卡住了？`overlaysim lab hint " + item + "` 给出提示" : "stuck? `overlaysim lab hint " + item + "` gives a hint";
    }

    String questionWord() {
        return zh() ? "问题" : "question";
    }
}
