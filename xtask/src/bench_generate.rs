//! `cargo xtask bench-generate`: how much slower generating the crate is
//! than merely parsing its inputs, measured in one run.
//!
//! Both sides are whole processes of the same release binary: the real
//! `xtask generate --check` (read and hash the documents, policy, names
//! lock; generate every file; compare with `generated/`) against
//! `xtask parse-floor`, which reads the same files and parses each into a
//! `serde_yaml::Value` and nothing else. Runs alternate, so a busy machine
//! slows both alike; the medians and their ratio are printed, with each
//! side's peak resident memory (from the kernel's accounting of the child).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::flags::Flags;
use crate::project_root;

pub fn run(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &["runs"], &[])?;
    let runs: usize = match flags.one("runs")? {
        Some(n) => n
            .parse()
            .map_err(|_| format!("--runs {n:?}: not a number"))?,
        None => 7,
    };
    if runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    let root = project_root();
    println!("==> cargo build --release -p xtask");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "-p", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building the release xtask failed".into());
    }
    let exe = root.join("target/release/xtask");
    let mut generate = Vec::new();
    let mut floor = Vec::new();
    // One untimed run of each warms the page cache.
    measure(&exe, &["parse-floor"], &root)?;
    measure(&exe, &["generate", "--check"], &root)?;
    for _ in 0..runs {
        generate.push(measure(&exe, &["generate", "--check"], &root)?);
        floor.push(measure(&exe, &["parse-floor"], &root)?);
    }
    let (g, f) = (median(&generate), median(&floor));
    let (g_cpu, f_cpu) = (median_cpu(&generate), median_cpu(&floor));
    println!(
        "generate --check: {:.3} s (median of {runs}), CPU {:.3} s, peak memory {:.1} MiB",
        g.wall.as_secs_f64(),
        g_cpu.as_secs_f64(),
        g.max_rss_kib as f64 / 1024.0
    );
    println!(
        "parse-floor:      {:.3} s (median of {runs}), CPU {:.3} s, peak memory {:.1} MiB",
        f.wall.as_secs_f64(),
        f_cpu.as_secs_f64(),
        f.max_rss_kib as f64 / 1024.0
    );
    println!(
        "ratio generate/floor: {:.2} (wall), {:.2} (CPU: user + system; steadier when the machine is shared)",
        g.wall.as_secs_f64() / f.wall.as_secs_f64(),
        g_cpu.as_secs_f64() / f_cpu.as_secs_f64()
    );
    Ok(())
}

/// `parse-floor`: every input `generate` reads, parsed into
/// `serde_yaml::Value` and dropped.
pub fn parse_floor(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("unknown argument {arg:?}"));
    }
    let mut count = 0;
    for path in inputs()? {
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let value: serde_yaml::Value =
            serde_yaml::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        std::hint::black_box(&value);
        count += 1;
    }
    println!("parsed {count} files");
    Ok(())
}

/// The files `generate` reads: the pinned document, the supplementary
/// documents, the policy, the inventory and the names lock.
fn inputs() -> Result<Vec<PathBuf>, String> {
    let root = project_root();
    let mut files = vec![crate::fetch::obtain_pinned()?];
    files.extend(crate::codegen::supplementary_paths());
    files.push(root.join("spec/policy.yaml"));
    let inventory = root.join("spec/supplementary/inventory");
    if let Ok(entries) = std::fs::read_dir(&inventory) {
        let mut more: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        more.sort();
        files.extend(more);
    }
    files.push(root.join("generated/api.json"));
    Ok(files)
}

/// One run of a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Run {
    wall: Duration,
    /// User plus system time of the process itself.
    cpu: Duration,
    max_rss_kib: i64,
}

/// Wall time, CPU time and peak resident memory of one run.
fn measure(exe: &Path, args: &[&str], dir: &Path) -> Result<Run, String> {
    let start = Instant::now();
    let child = Command::new(exe)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let (ok, cpu, max_rss_kib) = wait_with_rusage(child)?;
    let wall = start.elapsed();
    if !ok {
        return Err(format!("`xtask {}` failed", args.join(" ")));
    }
    Ok(Run {
        wall,
        cpu,
        max_rss_kib,
    })
}

/// Waits for `child` and reads its own resource usage (not that of every
/// child so far): whether it succeeded, its CPU time (user + system) and
/// its peak resident set in KiB.
fn wait_with_rusage(child: std::process::Child) -> Result<(bool, Duration, i64), String> {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `wait4` writes only into the two locals it is given; the
    // child is ours and not waited for elsewhere.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    Ok((ok, cpu, usage.ru_maxrss))
}

/// The run with the median wall time.
fn median(samples: &[Run]) -> Run {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// The median CPU time.
fn median_cpu(samples: &[Run]) -> Duration {
    let mut cpu: Vec<Duration> = samples.iter().map(|r| r.cpu).collect();
    cpu.sort();
    cpu[cpu.len() / 2]
}
