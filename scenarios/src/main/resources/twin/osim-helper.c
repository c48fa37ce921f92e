/*
 * osim-helper: the user-space programs of an overlaysim kernel twin, compiled at run time with the
 * machine's C compiler (gcc or cc). One binary, several modes:
 *
 *   osim-helper forward TUN PUBLIC_IP PORT TUN_ADDR SUBNET/LEN=PEER_IP...
 *       flanneld's UDP backend data path, shaped like flannel's backend/udp/proxy_amd64.c: one
 *       process polling the TUN fd (IFF_TUN|IFF_NO_PI) and a UDP socket bound to PUBLIC_IP:PORT.
 *       TUN -> first matching lease -> TTL decremented with proxy.c's checksum arithmetic -> sendto
 *       PEER_IP:PORT; socket -> TTL decremented -> write to the TUN. No lease: ICMP net
 *       unreachable written back into the TUN (TTL 8, ID 0), as send_net_unreachable() does.
 *   osim-helper udp-send SRC_PORT DST_IP DST_PORT COUNT SIZE INTERVAL_NS
 *       overlaysim's UdpSender: COUNT datagrams of SIZE bytes, data[i] = i with the sequence number
 *       (from 1, big-endian) in the first four bytes, one every INTERVAL_NS, from a socket bound to
 *       SRC_PORT (the port the simulation's sender drew) and not connected.
 *   osim-helper udp-recv PORT SECONDS
 *       a UDP server reading datagrams on PORT (so the kernel sends no port unreachable), for at
 *       most SECONDS; prints how many it read.
 *
 *   osim-helper tcp-send SRC_PORT DST_IP DST_PORT BYTES CONGESTION
 *       overlaysim's TcpBulkSender (iperf3 -c -n): a TCP socket with TCP_CONGESTION CONGESTION
 *       (set per socket: the machine's default may be another), bound to SRC_PORT (the port the
 *       simulation's sender drew), connect(), BYTES of the stream pattern byte[i] = i in writes
 *       of 128 KiB, close().
 *   osim-helper tcp-recv PORT SECONDS
 *       overlaysim's TcpSink (iperf3 -s -1): listen on PORT, accept one connection, read it to
 *       the end in 128 KiB reads, close(); prints how many bytes it read. Gives up after SECONDS.
 *
 *   osim-helper syscall LOOPS | copy LOOPS | wakeup LOOPS [CPU]
 *       overlaysim calibrate's micro-probes, each printing one figure in nanoseconds: a getppid()
 *       system call (entry and return, nothing else); copying 1 KiB user -> kernel and back
 *       (write + read of a pipe, 64 KiB less 1 KiB, per KiB and per copy); one round trip of a
 *       byte between two processes over two pipes (two writes, two reads, two wake-ups), with CPU
 *       both pinned to that CPU (each wake-up onto the waker's own CPU: no IPI).
 *   osim-helper sendcost LOOPS DST_IP SIZE write|select CPU
 *       what one write() of SIZE bytes on a connected UDP socket costs the writer in CPU time, per
 *       write, back to back, pinned to CPU: the whole output path (socket, route, neighbour, skb,
 *       checksum, qdisc); with select, each write is preceded by a pselect() for writability
 *       (1 s timeout), as iperf3's client loop does, and the figure is per pselect() + write().
 *       calibrate runs it in a namespace whose route to DST_IP leads to a veth with its peer down,
 *       so each datagram is dropped at the device's queue and no receiver's work is counted.
 *   osim-helper wakecost LOOPS GAP_NS
 *       what a wake-up costs in CPU time, on each side: a writer writes a byte to a pipe whose
 *       reader is blocked in read(), spins until the reader has read it (a flag in shared memory,
 *       so the writer never sleeps), then spins GAP_NS more: the reader blocks again at once and
 *       its CPU stays idle about GAP_NS before the next write. Prints "waker NS reader NS": the
 *       writer's CPU per such write less a write nobody waits for (try_to_wake_up and the IPI to
 *       the reader's idle CPU), and the reader's CPU per read it was woken for (the read,
 *       blocking, and being switched back in).
 *   osim-helper echo DST COUNT
 *       ICMP echo requests (56 data bytes, one in flight, the next as soon as the reply is read,
 *       as ping -f) on a raw socket with SO_TIMESTAMPNS; prints the mean and minimum round trip
 *       as iputils ping measures it (send time to the reply's kernel receive stamp) and to the
 *       return of recvmsg(), in nanoseconds, leaving out the first 10 (ARP, cold caches).
 *
 * Every mode asks the kernel to end it when its parent dies (PR_SET_PDEATHSIG), so a killed twin
 * leaves no forwarder behind; with OSIM_HELPER_KEEP set (a lab kept with --keep) it does not.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct iphdr4 {
	uint8_t ver_ihl, tos;
	uint16_t tot_len, id, frag_off;
	uint8_t ttl, protocol;
	uint16_t check;
	uint32_t saddr, daddr;
};

struct route_entry { uint32_t dst, mask, next_hop; };

static struct route_entry routes[256];
static int nroutes;
static uint32_t tun_addr;
static volatile sig_atomic_t stop;

static void on_signal(int sig) { (void) sig; stop = 1; }

static void die(const char *what) {
	fprintf(stderr, "osim-helper: %s: %s\n", what, strerror(errno));
	exit(3);
}

static uint16_t cksum(const void *data, size_t len) {
	const uint8_t *p = data;
	uint32_t sum = 0;
	for (; len > 1; len -= 2, p += 2) sum += (uint32_t) (p[0] << 8 | p[1]);
	if (len) sum += (uint32_t) (p[0] << 8);
	while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
	return htons((uint16_t) ~sum);
}

/* proxy.c's decrement_ttl(), byte for byte: the checksum field is patched in host order. */
static int decrement_ttl(struct iphdr4 *iph) {
	if (--(iph->ttl) == 0) return 0;
	if (iph->check >= htons(0xFFFF - 0x100)) {
		iph->check += htons(0x100) + 1;
	} else {
		iph->check += htons(0x100);
	}
	return 1;
}

static struct route_entry *find_route(uint32_t dst) {
	for (int i = 0; i < nroutes; i++) {
		if ((dst & routes[i].mask) == routes[i].dst) return &routes[i];
	}
	return NULL;
}

static void send_net_unreachable(int tun, const char *offender) {
	char buf[20 + 8 + 20 + 8];
	const struct iphdr4 *of = (const struct iphdr4 *) offender;
	struct iphdr4 *iph = (struct iphdr4 *) buf;
	uint16_t frag = ntohs(of->frag_off) & 0x1FFF;
	if (of->protocol == IPPROTO_ICMP || frag != 0) return;
	memset(buf, 0, sizeof buf);
	iph->ver_ihl = 0x45;
	iph->tot_len = htons(sizeof buf);
	iph->ttl = 8;
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = tun_addr;
	iph->daddr = of->saddr;
	iph->check = cksum(buf, 20);
	buf[20] = 3; /* ICMP_DEST_UNREACH */
	buf[21] = 0; /* ICMP_NET_UNREACH */
	memcpy(buf + 28, offender, 28);
	uint16_t c = cksum(buf + 20, sizeof buf - 20);
	memcpy(buf + 22, &c, 2);
	if (write(tun, buf, sizeof buf) < 0) perror("osim-helper: write(tun)");
}

static int forward(int argc, char **argv) {
	if (argc < 6) { fprintf(stderr, "usage: forward TUN PUBLIC_IP PORT TUN_ADDR SUBNET/LEN=PEER...\n"); return 2; }
	const char *tun_name = argv[2];
	uint32_t public_ip = inet_addr(argv[3]);
	int port = atoi(argv[4]);
	tun_addr = inet_addr(argv[5]);
	for (int i = 6; i < argc && nroutes < 256; i++) {
		char net[64]; int len; char peer[64];
		if (sscanf(argv[i], "%63[^/]/%d=%63s", net, &len, peer) != 3) { fprintf(stderr, "bad route %s\n", argv[i]); return 2; }
		uint32_t mask = len == 0 ? 0 : htonl(0xFFFFFFFFu << (32 - len));
		routes[nroutes].dst = inet_addr(net) & mask;
		routes[nroutes].mask = mask;
		routes[nroutes].next_hop = inet_addr(peer);
		nroutes++;
	}
	int tun = open("/dev/net/tun", O_RDWR);
	if (tun < 0) die("open /dev/net/tun");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	strncpy(ifr.ifr_name, tun_name, IFNAMSIZ - 1);
	if (ioctl(tun, TUNSETIFF, &ifr) < 0) die("TUNSETIFF");
	fcntl(tun, F_SETFL, O_NONBLOCK);
	int sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0) die("socket");
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = public_ip };
	if (bind(sock, (struct sockaddr *) &addr, sizeof addr) < 0) die("bind");
	fcntl(sock, F_SETFL, O_NONBLOCK);
	printf("ready\n");
	fflush(stdout);
	struct pollfd fds[2] = { { .fd = tun, .events = POLLIN }, { .fd = sock, .events = POLLIN } };
	char buf[65536];
	while (!stop) {
		int n = poll(fds, 2, 200);
		if (n < 0) { if (errno == EINTR) continue; die("poll"); }
		if (fds[0].revents & POLLIN) {
			for (;;) {
				ssize_t len = read(tun, buf, sizeof buf);
				if (len < 0) break;
				if (len < 20) continue;
				struct iphdr4 *iph = (struct iphdr4 *) buf;
				struct route_entry *next = find_route(iph->daddr);
				if (!next) { send_net_unreachable(tun, buf); continue; }
				if (!decrement_ttl(iph)) continue;
				struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = next->next_hop };
				if (sendto(sock, buf, len, 0, (struct sockaddr *) &to, sizeof to) < 0) perror("osim-helper: sendto");
			}
		}
		if (fds[1].revents & POLLIN) {
			for (;;) {
				ssize_t len = recv(sock, buf, sizeof buf, 0);
				if (len < 0) break;
				if (len < 20) continue;
				if (!decrement_ttl((struct iphdr4 *) buf)) continue;
				if (write(tun, buf, len) < 0) perror("osim-helper: write(tun)");
			}
		}
	}
	return 0;
}

static void sleep_until(const struct timespec *t) {
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, t, NULL) == EINTR) {}
}

static int udp_send(int argc, char **argv) {
	if (argc != 8) { fprintf(stderr, "usage: udp-send SRC_PORT DST_IP DST_PORT COUNT SIZE INTERVAL_NS\n"); return 2; }
	int src_port = atoi(argv[2]);
	uint32_t dst = inet_addr(argv[3]);
	int dst_port = atoi(argv[4]);
	long count = atol(argv[5]);
	int size = atoi(argv[6]);
	long long interval = atoll(argv[7]);
	int sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0) die("socket");
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(src_port) };
	if (bind(sock, (struct sockaddr *) &me, sizeof me) < 0) die("bind");
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(dst_port), .sin_addr.s_addr = dst };
	unsigned char *data = calloc(size > 0 ? size : 1, 1);
	for (int i = 0; i < size; i++) data[i] = (unsigned char) i;
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (long seq = 1; seq <= count && !stop; seq++) {
		if (size >= 4) {
			data[0] = (unsigned char) (seq >> 24); data[1] = (unsigned char) (seq >> 16);
			data[2] = (unsigned char) (seq >> 8); data[3] = (unsigned char) seq;
		}
		if (sendto(sock, data, size, 0, (struct sockaddr *) &to, sizeof to) < 0) perror("osim-helper: sendto");
		if (seq == count) break;
		/* Back to back: no sleep at all. A clock_nanosleep() to a time already past still arms and
		 * fires a timer, which costs ~20 us a datagram in a VM whose timer is emulated (measured:
		 * 29 us a datagram with it, 8.5 us without) and would make "back to back" a trickle. */
		if (interval <= 0) continue;
		next.tv_nsec += interval % 1000000000LL;
		next.tv_sec += interval / 1000000000LL + next.tv_nsec / 1000000000L;
		next.tv_nsec %= 1000000000L;
		sleep_until(&next);
	}
	return 0;
}

static int udp_recv(int argc, char **argv) {
	if (argc != 4) { fprintf(stderr, "usage: udp-recv PORT SECONDS\n"); return 2; }
	int sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0) die("socket");
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[2])) };
	if (bind(sock, (struct sockaddr *) &me, sizeof me) < 0) die("bind");
	printf("ready\n");
	fflush(stdout);
	long received = 0;
	time_t end = time(NULL) + atol(argv[3]);
	char buf[65536];
	struct pollfd fd = { .fd = sock, .events = POLLIN };
	while (!stop && time(NULL) < end) {
		if (poll(&fd, 1, 200) > 0 && recv(sock, buf, sizeof buf, 0) >= 0) received++;
	}
	printf("received %ld\n", received);
	return 0;
}

static long long nanos(clockid_t clock) {
	struct timespec t;
	clock_gettime(clock, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int probe_syscall(long loops) {
	long long t0 = nanos(CLOCK_MONOTONIC);
	for (long i = 0; i < loops; i++) syscall(SYS_getppid);
	printf("%lld\n", (nanos(CLOCK_MONOTONIC) - t0) / loops);
	return 0;
}

static long long pipe_round(int p[2], char *buf, int size, long loops) {
	long long t0 = nanos(CLOCK_MONOTONIC);
	for (long i = 0; i < loops; i++) {
		if (write(p[1], buf, size) != size) die("write");
		for (int got = 0; got < size; ) {
			ssize_t n = read(p[0], buf + got, size - got);
			if (n <= 0) die("read");
			got += n;
		}
	}
	return nanos(CLOCK_MONOTONIC) - t0;
}

static int probe_copy(long loops) {
	int p[2];
	if (pipe(p) < 0) die("pipe");
	fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
	static char buf[65536];
	memset(buf, 1, sizeof buf);
	pipe_round(p, buf, 65536, loops / 10 + 1); /* warm the pages */
	long long small = pipe_round(p, buf, 1024, loops);
	long long large = pipe_round(p, buf, 65536, loops);
	/* Each iteration copies user -> kernel (write) and kernel -> user (read): two copies of 63 KiB more. */
	printf("%lld\n", (large - small) / (loops * 63LL * 2));
	return 0;
}

static void pin(int cpu) {
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) < 0) die("sched_setaffinity");
}

/* cpu < 0: both processes where the scheduler puts them; else both pinned to that CPU. */
static int probe_wakeup(long loops, int cpu) {
	int ab[2], ba[2];
	if (pipe(ab) < 0 || pipe(ba) < 0) die("pipe");
	if (cpu >= 0) pin(cpu); /* before fork(): the child inherits it */
	pid_t child = fork();
	if (child < 0) die("fork");
	char c = 0;
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (long i = 0; i < loops + 100; i++) {
			if (read(ab[0], &c, 1) != 1) _exit(0);
			if (write(ba[1], &c, 1) != 1) _exit(0);
		}
		_exit(0);
	}
	for (int i = 0; i < 100; i++) { if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1) die("warm-up"); }
	long long t0 = nanos(CLOCK_MONOTONIC);
	for (long i = 0; i < loops; i++) {
		if (write(ab[1], &c, 1) != 1) die("write");
		if (read(ba[0], &c, 1) != 1) die("read");
	}
	printf("%lld\n", (nanos(CLOCK_MONOTONIC) - t0) / loops);
	waitpid(child, NULL, 0);
	return 0;
}

static long long cpu_clock(clockid_t clock) {
	struct timespec t;
	clock_gettime(clock, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void spin(long long d) {
	long long end = nanos(CLOCK_MONOTONIC) + d;
	while (nanos(CLOCK_MONOTONIC) < end) {}
}

static int probe_sendcost(long loops, const char *dst, int size, int with_select) {
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0) die("socket");
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9)};
	if (inet_pton(AF_INET, dst, &to.sin_addr) != 1) die("inet_pton");
	if (connect(s, (struct sockaddr *)&to, sizeof to) < 0) die("connect");
	static char buf[65536];
	if (size < 1 || size > (int)sizeof buf) die("size");
	memset(buf, 4, size);
	for (long i = 0; i < loops / 10 + 1; i++) /* warm the route, the neighbour and the caches */
		if (write(s, buf, size) != size) die("write");
	long long c0 = cpu_clock(CLOCK_THREAD_CPUTIME_ID);
	for (long i = 0; i < loops; i++) {
		if (with_select) {
			fd_set w;
			FD_ZERO(&w);
			FD_SET(s, &w);
			struct timespec timeout = {1, 0};
			if (pselect(s + 1, NULL, &w, NULL, &timeout, NULL) != 1) die("pselect");
		}
		if (write(s, buf, size) != size) die("write");
	}
	printf("%lld\n", (cpu_clock(CLOCK_THREAD_CPUTIME_ID) - c0) / loops);
	return 0;
}

static int probe_wakecost(long loops, long long gap) {
	int p[2], q[2];
	if (pipe(p) < 0 || pipe(q) < 0) die("pipe");
	/* The reader's count of reads, shared: the writer spins on it instead of sleeping. */
	volatile long *done = mmap(NULL, sizeof(long), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (done == MAP_FAILED) die("mmap");
	*done = 0;
	char c = 0;
	pid_t child = fork();
	if (child < 0) die("fork");
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		long long c0 = cpu_clock(CLOCK_PROCESS_CPUTIME_ID);
		for (long i = 0; i < loops; i++) {
			if (read(p[0], &c, 1) != 1) _exit(1);
			__atomic_store_n(done, i + 1, __ATOMIC_RELEASE);
		}
		long long used = cpu_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (write(q[1], &used, sizeof used) != sizeof used) _exit(1);
		_exit(0);
	}
	spin(50000000); /* the reader is blocked in its first read */
	long long woke = 0;
	for (long i = 0; i < loops; i++) {
		long long t0 = cpu_clock(CLOCK_THREAD_CPUTIME_ID);
		if (write(p[1], &c, 1) != 1) die("write");
		woke += cpu_clock(CLOCK_THREAD_CPUTIME_ID) - t0;
		long long give_up = nanos(CLOCK_MONOTONIC) + 1000000000LL;
		while (__atomic_load_n(done, __ATOMIC_ACQUIRE) <= i) {
			if (nanos(CLOCK_MONOTONIC) > give_up) { fprintf(stderr, "osim-helper: the reader did not read for 1 s\n"); return 1; }
		}
		spin(gap);
	}
	long long reader;
	if (read(q[0], &reader, sizeof reader) != sizeof reader) die("read");
	waitpid(child, NULL, 0);
	long long alone = 0; /* the same write with no reader waiting: the pipe is drained by the writer itself */
	for (long i = 0; i < loops; i++) {
		long long t0 = cpu_clock(CLOCK_THREAD_CPUTIME_ID);
		if (write(p[1], &c, 1) != 1) die("write");
		alone += cpu_clock(CLOCK_THREAD_CPUTIME_ID) - t0;
		if (read(p[0], &c, 1) != 1) die("read");
	}
	printf("waker %lld reader %lld\n", (woke - alone) / loops, reader / loops);
	return 0;
}

static int probe_echo(int argc, char **argv) {
	if (argc != 4) { fprintf(stderr, "usage: echo DST COUNT\n"); return 2; }
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = inet_addr(argv[2]) };
	long count = atol(argv[3]);
	int sock = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (sock < 0) die("socket");
	int on = 1;
	if (setsockopt(sock, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) < 0) die("SO_TIMESTAMPNS");
	uint16_t id = (uint16_t) getpid();
	unsigned char req[64], in[2048], ctl[512];
	long long stamped_sum = 0, user_sum = 0, stamped_min = -1, measured = 0, lost = 0;
	for (long seq = 1; seq <= count + 10 && !stop; seq++) {
		memset(req, 0, sizeof req);
		req[0] = 8;
		memcpy(req + 4, &id, 2);
		req[6] = (unsigned char) (seq >> 8); req[7] = (unsigned char) seq;
		for (int i = 8; i < 64; i++) req[i] = (unsigned char) i;
		uint16_t sum = cksum(req, sizeof req);
		memcpy(req + 2, &sum, 2);
		long long sent = nanos(CLOCK_REALTIME);
		if (sendto(sock, req, sizeof req, 0, (struct sockaddr *) &to, sizeof to) < 0) die("sendto");
		for (;;) {
			struct pollfd fd = { .fd = sock, .events = POLLIN };
			if (poll(&fd, 1, 1000) <= 0) { lost++; break; }
			struct iovec iov = { in, sizeof in };
			struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
			ssize_t n = recvmsg(sock, &msg, 0);
			long long back = nanos(CLOCK_REALTIME);
			if (n < 28) continue;
			int ihl = (in[0] & 0x0F) * 4;
			if (n < ihl + 8 || in[ihl] != 0 || memcmp(in + ihl + 4, &id, 2) != 0
			    || in[ihl + 6] != (unsigned char) (seq >> 8) || in[ihl + 7] != (unsigned char) seq) continue;
			long long stamp = -1;
			for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
				if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
					struct timespec ts;
					memcpy(&ts, CMSG_DATA(c), sizeof ts);
					stamp = ts.tv_sec * 1000000000LL + ts.tv_nsec;
				}
			}
			if (seq > 10 && stamp > 0) {
				long long s = stamp - sent;
				stamped_sum += s;
				user_sum += back - sent;
				if (stamped_min < 0 || s < stamped_min) stamped_min = s;
				measured++;
			}
			break;
		}
	}
	if (measured == 0) { fprintf(stderr, "osim-helper: no echo reply from %s\n", argv[2]); return 1; }
	printf("measured %lld lost %lld stamped_mean %lld stamped_min %lld user_mean %lld\n", measured, lost,
	       stamped_sum / measured, stamped_min, user_sum / measured);
	return 0;
}

#define TCP_BLOCK (128 * 1024)

static int tcp_send(int argc, char **argv) {
	if (argc != 7) { fprintf(stderr, "usage: tcp-send SRC_PORT DST_IP DST_PORT BYTES CONGESTION\n"); return 2; }
	int sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0) die("socket");
	if (setsockopt(sock, IPPROTO_TCP, TCP_CONGESTION, argv[6], strlen(argv[6])) < 0) die("setsockopt TCP_CONGESTION");
	int one = 1;
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[2])) };
	if (bind(sock, (struct sockaddr *) &me, sizeof me) < 0) die("bind");
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[4])), .sin_addr.s_addr = inet_addr(argv[3]) };
	if (connect(sock, (struct sockaddr *) &to, sizeof to) < 0) die("connect");
	long long bytes = atoll(argv[5]), sent = 0;
	static unsigned char block[TCP_BLOCK];
	for (int i = 0; i < TCP_BLOCK; i++) block[i] = (unsigned char) i; /* 128 KiB is a multiple of 256: the pattern runs on */
	while (sent < bytes && !stop) {
		size_t want = bytes - sent < TCP_BLOCK ? (size_t) (bytes - sent) : TCP_BLOCK;
		ssize_t n = write(sock, block, want);
		if (n < 0) { if (errno == EINTR) continue; die("write"); }
		sent += n;
	}
	close(sock);
	printf("sent %lld\n", sent);
	return 0;
}

static int tcp_recv(int argc, char **argv) {
	if (argc != 4) { fprintf(stderr, "usage: tcp-recv PORT SECONDS\n"); return 2; }
	int sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0) die("socket");
	int one = 1;
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	setsockopt(sock, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5);
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[2])) };
	if (bind(sock, (struct sockaddr *) &me, sizeof me) < 0) die("bind");
	if (listen(sock, 16) < 0) die("listen");
	printf("ready\n");
	fflush(stdout);
	struct pollfd fd = { .fd = sock, .events = POLLIN };
	if (poll(&fd, 1, atoi(argv[3]) * 1000) <= 0) { printf("received 0\n"); return 1; }
	int c = accept(sock, NULL, NULL);
	if (c < 0) die("accept");
	static char buf[TCP_BLOCK];
	long long received = 0;
	ssize_t n;
	while (!stop && (n = read(c, buf, sizeof buf)) != 0) {
		if (n < 0) { if (errno == EINTR) continue; break; }
		received += n;
	}
	close(c);
	printf("received %lld\n", received);
	return 0;
}

int main(int argc, char **argv) {
	/* A lab kept for teaching (overlaysim twin --keep) outlives the JVM: its forwarder must too. */
	if (!getenv("OSIM_HELPER_KEEP")) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() == 1) return 3;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (argc < 2) { fprintf(stderr, "usage: osim-helper forward|udp-send|udp-recv|echo|syscall|copy|wakeup|wakecost ...\n"); return 2; }
	if (strcmp(argv[1], "forward") == 0) return forward(argc, argv);
	if (strcmp(argv[1], "udp-send") == 0) return udp_send(argc, argv);
	if (strcmp(argv[1], "udp-recv") == 0) return udp_recv(argc, argv);
	if (strcmp(argv[1], "tcp-send") == 0) return tcp_send(argc, argv);
	if (strcmp(argv[1], "tcp-recv") == 0) return tcp_recv(argc, argv);
	if (strcmp(argv[1], "echo") == 0) return probe_echo(argc, argv);
	if (argc == 3 && strcmp(argv[1], "syscall") == 0) return probe_syscall(atol(argv[2]));
	if (argc == 3 && strcmp(argv[1], "copy") == 0) return probe_copy(atol(argv[2]));
	if (argc == 3 && strcmp(argv[1], "wakeup") == 0) return probe_wakeup(atol(argv[2]), -1);
	if (argc == 4 && strcmp(argv[1], "wakeup") == 0) return probe_wakeup(atol(argv[2]), atoi(argv[3]));
	if (argc == 7 && strcmp(argv[1], "sendcost") == 0 && (strcmp(argv[5], "write") == 0 || strcmp(argv[5], "select") == 0)) {
		pin(atoi(argv[6]));
		return probe_sendcost(atol(argv[2]), argv[3], atoi(argv[4]), strcmp(argv[5], "select") == 0);
	}
	if (argc == 4 && strcmp(argv[1], "wakecost") == 0) return probe_wakecost(atol(argv[2]), atoll(argv[3]));
	fprintf(stderr, "osim-helper: unknown mode %s\n", argv[1]);
	return 2;
}
