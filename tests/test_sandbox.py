

def test_the_benchmark_grades_a_class_identically_in_the_sandbox(sandbox_works):
    from .conftest import ROOT

    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "grade_class.py"),
                          "--students", "4", "--sandbox", "--rounds", "1"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "sandboxed and unsandboxed identical  yes" in run.stdout, run.stdout
