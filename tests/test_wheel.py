"""The wheel runs outside the checkout: templates, static files, fonts and data all travel inside it.

Slow (about a minute, most of it installing the dependencies into a fresh virtualenv from pip's cache):
builds the wheel from this checkout, installs it with the committed lock as constraints, and serves the
first pages from a folder outside the checkout, loading the demo ward on the first request as
``flask --app wardportal run`` does.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Run by the virtualenv's python, cwd outside the checkout: argv[1] is the virtualenv.
SCRIPT = textwrap.dedent(r"""
    import html, json, os, re, sys
    from importlib import resources
    from pathlib import Path

    venv = Path(sys.argv[1]).resolve()
    import wardportal
    from wardportal import create_app
    from wardportal.kernel import package_files

    def inside_venv(path):
        return Path(path).resolve().is_relative_to(venv)

    assert inside_venv(wardportal.__file__), wardportal.__file__
    assert not package_files.IN_CHECKOUT
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (package_files.FONTS_DIR / f"BeVietnamPro-{face}.ttf").is_file(), face
    assert inside_venv(package_files.FONTS_DIR) and (package_files.FONTS_DIR / "OFL.txt").is_file()
    named = os.environ.pop("WARDPORTAL_INSTANCE_PATH")
    assert package_files.default_instance_path() == os.path.join(os.getcwd(), "instance")
    os.environ["WARDPORTAL_INSTANCE_PATH"] = named

    app = create_app()
    package = Path(wardportal.__file__).resolve().parent
    assert (Path(app.template_folder), Path(app.static_folder)) == (package / "templates", package / "static")
    assert app.instance_path == os.path.abspath(named)
    client = app.test_client()

    # The first request creates the schema and loads the demo ward (asked for: a server started without
    # `flask run` loads it only then); "/" leads to the only ward's home.
    home = client.get("/", follow_redirects=True)
    assert home.status_code == 200, home.status_code
    page = home.get_data(as_text=True)

    demo = json.loads(resources.files("wardportal.demo").joinpath("phuong-lam.json").read_text("utf-8"))
    guide = demo["procedures"][0]
    guide_page = client.get(f"/{demo['ward']['slug']}/thu-tuc/{guide['code']}")
    assert guide_page.status_code == 200, guide_page.status_code
    assert html.escape(guide["title"]) in guide_page.get_data(as_text=True), guide["title"]

    link = next(tag for tag in re.findall(r"<link\b[^>]*>", page) if re.search(r'rel="?stylesheet', tag))
    href = html.unescape(re.search(r'href="([^"]+)"', link).group(1))
    css = client.get(href)
    assert css.status_code == 200, (href, css.status_code)
    assert css.mimetype == "text/css", css.mimetype
    assert b"{" in css.data and b"<" not in css.data[:200]
    assert any(name.endswith(".mo") for name in os.listdir(
        Path(wardportal.__file__).parent / "translations" / "en" / "LC_MESSAGES"))
    print("ok", href, home.request.path)
""")


def run(command, **kwargs):
    """Run a command, failing the test with its output when it fails."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{command[:4]}\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


@pytest.mark.slow
def test_the_wheel_installed_in_a_fresh_virtualenv_serves_pages_templates_and_static_files(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DATABASE_URL")
           and not key.startswith(("WARDPORTAL_", "PIP_NO_CACHE", "FLASK_"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(dist)], cwd=ROOT, env=env,
        timeout=600)
    [wheel] = dist.glob("wardportal-*.whl")

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], env=env, timeout=300)
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", "-c", str(ROOT / "requirements.lock"), str(wheel)],
        cwd=tmp_path, env=env, timeout=1200)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run([str(python), "-c", SCRIPT, str(venv)], cwd=elsewhere, timeout=600,
               env=dict(env, WARDPORTAL_INSTANCE_PATH=str(tmp_path / "instance"),
                        WARDPORTAL_SEED_DEMO_WHEN_EMPTY="true"))
    assert done.stdout.startswith("ok /static/")
    assert not (elsewhere / "instance").exists()  # the named instance folder was used, not ./instance
