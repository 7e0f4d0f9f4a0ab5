//! SVG charts of a `side-by-side` run, drawn with plotters' SVG backend:
//!
//! - `side-by-side.svg`: per document, the median generation time and the
//!   peak RSS of each generator, as bars on log scales;
//! - `scaling.svg`: Switchboard on the synthetic documents (1×, 10×, 100×):
//!   time, memory and Rust lines against the size, on log–log axes, with
//!   the line of linear growth from the smallest.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;

use crate::side_by_side::{Figures, OPENAPI_GENERATOR, OPENAPI_TO_RUST, SWITCHBOARD, SWITCHBOARD_GLIBC};

const FONT: &str = "sans-serif";

fn color(tool: &str) -> RGBColor {
    match tool {
        SWITCHBOARD => RGBColor(31, 119, 180),
        SWITCHBOARD_GLIBC => RGBColor(140, 190, 225),
        OPENAPI_TO_RUST => RGBColor(255, 127, 14),
        OPENAPI_GENERATOR => RGBColor(44, 160, 44),
        _ => RGBColor(120, 120, 120),
    }
}

/// Draws every chart into `dir`; returns the files written.
pub fn draw_all(figures: &Figures, dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    let path = dir.join("side-by-side.svg");
    std::fs::write(&path, side_by_side_svg(figures)?).map_err(|e| format!("{}: {e}", path.display()))?;
    written.push(path);
    if let Some(svg) = scaling_svg(figures)? {
        let path = dir.join("scaling.svg");
        std::fs::write(&path, svg).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn err<E: std::fmt::Debug>(error: E) -> String {
    format!("cannot draw the chart: {error:?}")
}

/// A short time: `8.4 ms`, `1.3 s`, `2.1 min`.
pub fn short_time(seconds: f64) -> String {
    if seconds < 0.01 {
        format!("{:.1} ms", seconds * 1e3)
    } else if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1e3)
    } else if seconds < 100.0 {
        format!("{seconds:.1} s")
    } else {
        format!("{:.1} min", seconds / 60.0)
    }
}

/// A short size in MiB.
pub fn short_mib(mib: f64) -> String {
    if mib < 10.0 {
        format!("{mib:.1} MiB")
    } else {
        format!("{mib:.0} MiB")
    }
}

/// A log axis range around the values, with room above for the labels.
fn log_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| *v > 0.0)
        .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo > hi {
        return (0.1, 10.0);
    }
    let lo = 10f64.powf((lo / 1.5).log10().floor());
    (lo, hi * 4.0)
}

/// Draws a chart's title and, under it, the run's machine, date, commit and
/// load with `note`; returns the area below them.
fn heading<'a>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    title: &str,
    figures: &Figures,
    note: &str,
) -> Result<DrawingArea<SVGBackend<'a>, Shift>, String> {
    let (top, body) = root.split_vertically(60);
    top.draw(&Text::new(
        title.to_string(),
        (20, 12),
        (FONT, 20).into_font().color(&BLACK),
    ))
    .map_err(err)?;
    let run = format!(
        "{}; {}; commit {}; load {} → {}; {note}",
        figures.machine, figures.date, figures.commit, figures.load_before, figures.load_after
    );
    top.draw(&Text::new(
        run,
        (20, 38),
        (FONT, 13).into_font().color(&RGBColor(90, 90, 90)),
    ))
    .map_err(err)?;
    Ok(body)
}

fn side_by_side_svg(figures: &Figures) -> Result<String, String> {
    let documents: Vec<&str> = figures.documents.iter().map(|d| d.name.as_str()).collect();
    let tools: Vec<&str> = figures.tools.iter().map(|t| t.0.as_str()).collect();
    let mut svg = String::new();
    {
        let width = (220 + documents.len() * 170).max(800) as u32;
        let root = SVGBackend::with_string(&mut svg, (width, 900)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let body = heading(
            &root,
            "Generating the same documents: Switchboard and two other Rust client generators",
            figures,
            &format!("median of {} run(s), log scales", figures.runs),
        )?;
        let (top, bottom) = body.split_vertically(420);
        let time = |doc: &str, tool: &str| {
            figures
                .cell(doc, tool)
                .and_then(|c| c.wall_median())
                .map(|d| d.as_secs_f64())
        };
        let memory = |doc: &str, tool: &str| {
            figures
                .cell(doc, tool)
                .and_then(|c| c.peak_max())
                .map(|b| b as f64 / 1_048_576.0)
        };
        bars(
            &root,
            &top,
            figures,
            &documents,
            &tools,
            "Generation time (wall, median)",
            "seconds",
            &time,
            &short_time,
        )?;
        bars(
            &root,
            &bottom,
            figures,
            &documents,
            &tools,
            "Peak memory (max RSS of the process)",
            "MiB",
            &memory,
            &short_mib,
        )?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// One panel of grouped bars: a group per document, a bar per generator.
#[allow(clippy::too_many_arguments)]
fn bars(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    figures: &Figures,
    documents: &[&str],
    tools: &[&str],
    caption: &str,
    unit: &str,
    value: &dyn Fn(&str, &str) -> Option<f64>,
    label: &dyn Fn(f64) -> String,
) -> Result<(), String> {
    let (lo, hi) = log_range(
        documents
            .iter()
            .flat_map(|d| tools.iter().filter_map(move |t| value(d, t))),
    );
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 16))
        .margin(12)
        .margin_right(200)
        .x_label_area_size(36)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..documents.len() as f64, (lo..hi).log_scale())
        .map_err(err)?;
    let y_label = |v: &f64| {
        if unit == "seconds" {
            short_time(*v)
        } else {
            short_mib(*v)
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_x_axis()
        .x_labels(0)
        .y_desc(unit)
        .y_label_formatter(&y_label)
        .label_style((FONT, 12))
        .draw()
        .map_err(err)?;
    let slot = 0.84 / tools.len().max(1) as f64;
    for (k, tool) in tools.iter().enumerate() {
        let fill = color(tool).filled();
        let bars: Vec<Rectangle<(f64, f64)>> = documents
            .iter()
            .enumerate()
            .filter_map(|(i, doc)| {
                let v = value(doc, tool)?;
                let x0 = i as f64 + 0.08 + k as f64 * slot;
                Some(Rectangle::new([(x0, lo), (x0 + slot * 0.92, v)], fill))
            })
            .collect();
        chart.draw_series(bars).map_err(err)?;
        for (i, doc) in documents.iter().enumerate() {
            let x = i as f64 + 0.08 + (k as f64 + 0.46) * slot;
            let (text, at) = match value(doc, tool) {
                Some(v) => (label(v), v),
                None if figures.cell(doc, tool).is_some_and(|c| c.error.is_some()) => ("failed".to_string(), lo),
                None => continue,
            };
            let (px, py) = chart.backend_coord(&(x, at));
            // Vertical, reading upwards, just above the bar.
            let style = (FONT, 11).into_font().transform(FontTransform::Rotate270).color(&BLACK);
            root.draw(&Text::new(text, (px - 6, py - 4), style)).map_err(err)?;
        }
    }
    for (i, doc) in documents.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, lo));
        let style = (FONT, 13)
            .into_font()
            .color(&BLACK)
            .pos(text_anchor::Pos::new(text_anchor::HPos::Center, text_anchor::VPos::Top));
        root.draw(&Text::new(doc.to_string(), (px, py + 8), style))
            .map_err(err)?;
    }
    // The legend, right of the plot: drawn on the area, since the chart's
    // own series labels are clipped to the plotting area.
    let left = area.dim_in_pixel().0 as i32 - 190;
    for (k, tool) in tools.iter().enumerate() {
        let top = 60 + 18 * k as i32;
        area.draw(&Rectangle::new(
            [(left, top), (left + 12, top + 12)],
            color(tool).filled(),
        ))
        .map_err(err)?;
        let style = (FONT, 12).into_font().color(&BLACK);
        area.draw(&Text::new(figures.label(tool).to_string(), (left + 18, top), style))
            .map_err(err)?;
    }
    Ok(())
}

/// Switchboard on one synthetic document.
struct ScalePoint {
    /// Copies of the resource set (1, 10, 100).
    scale: f64,
    seconds: f64,
    mib: f64,
    lines: f64,
}

/// One panel of the scaling chart: its caption, how its values are
/// labelled, and which value of a point it shows.
type Panel<'a> = (&'a str, &'a dyn Fn(f64) -> String, fn(&ScalePoint) -> f64);

/// Switchboard on the synthetic documents, or `None` with fewer than two.
fn scaling_svg(figures: &Figures) -> Result<Option<String>, String> {
    let mut points: Vec<ScalePoint> = Vec::new();
    for doc in &figures.documents {
        let Some(scale) = doc
            .name
            .strip_prefix("synthetic-")
            .and_then(|s| s.strip_suffix('x'))
            .and_then(|s| s.parse::<f64>().ok())
        else {
            continue;
        };
        let Some(cell) = figures.cell(&doc.name, SWITCHBOARD) else {
            continue;
        };
        let (Some(time), Some(peak), Some(output)) = (cell.wall_median(), cell.peak_max(), cell.output) else {
            continue;
        };
        points.push(ScalePoint {
            scale,
            seconds: time.as_secs_f64(),
            mib: peak as f64 / 1_048_576.0,
            lines: output.rs_lines as f64,
        });
    }
    points.sort_by(|a, b| a.scale.total_cmp(&b.scale));
    if points.len() < 2 {
        return Ok(None);
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1200, 460)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let body = heading(
            &root,
            "Switchboard on the synthetic documents: 1×, 10×, 100× the operations (CLI, mimalloc)",
            figures,
            "log–log; grey: linear growth from the smallest",
        )?;
        let panels = body.split_evenly((1, 3));
        let series: [Panel<'_>; 3] = [
            ("wall time, median", &short_time, |p| p.seconds),
            ("peak RSS", &short_mib, |p| p.mib),
            ("Rust lines written", &|v| crate::table::count(v as u64), |p| p.lines),
        ];
        let (x_lo, x_hi) = (points[0].scale / 2.0, points[points.len() - 1].scale * 2.0);
        for (panel, (caption, label, pick)) in panels.iter().zip(series) {
            let values: Vec<(f64, f64)> = points.iter().map(|p| (p.scale, pick(p))).collect();
            let first = values[0];
            let linear: Vec<(f64, f64)> = values.iter().map(|&(x, _)| (x, first.1 * x / first.0)).collect();
            let (lo, hi) = log_range(values.iter().chain(&linear).map(|v| v.1));
            let mut chart = ChartBuilder::on(panel)
                .caption(caption, (FONT, 16))
                .margin(14)
                .x_label_area_size(36)
                .y_label_area_size(78)
                .build_cartesian_2d((x_lo..x_hi).log_scale(), (lo..hi).log_scale())
                .map_err(err)?;
            let y_label = |v: &f64| label(*v);
            let x_label = |v: &f64| format!("{v}×");
            chart
                .configure_mesh()
                .x_desc("synthetic size")
                .x_label_formatter(&x_label)
                .y_label_formatter(&y_label)
                .label_style((FONT, 12))
                .draw()
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    linear.clone(),
                    RGBColor(170, 170, 170).stroke_width(2),
                )))
                .map_err(err)?;
            let blue = color(SWITCHBOARD);
            chart
                .draw_series(std::iter::once(PathElement::new(values.clone(), blue.stroke_width(3))))
                .map_err(err)?;
            chart
                .draw_series(values.iter().map(|&p| Circle::new(p, 5, blue.filled())))
                .map_err(err)?;
            for &(x, y) in &values {
                let (px, py) = chart.backend_coord(&(x, y));
                root.draw(&Text::new(
                    label(y),
                    (px + 8, py - 16),
                    (FONT, 12).into_font().color(&BLACK),
                ))
                .map_err(err)?;
            }
        }
        root.present().map_err(err)?;
    }
    Ok(Some(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_both_charts() {
        let figures = crate::side_by_side::tests::sample_figures();
        let bars = side_by_side_svg(&figures).unwrap();
        assert!(bars.starts_with("<svg"), "{}", &bars[..100]);
        for text in [
            "synthetic-100x",
            "github",
            "openapi-generator (rust)",
            "failed",
            "Peak memory",
        ] {
            assert!(bars.contains(text), "{text} missing");
        }
        let scaling = scaling_svg(&figures).unwrap().expect("three synthetic documents");
        for text in ["Rust lines written", "100×", "peak RSS"] {
            assert!(scaling.contains(text), "{text} missing");
        }
    }

    #[test]
    fn short_units() {
        assert_eq!(short_time(0.0084), "8.4 ms");
        assert_eq!(short_time(0.25), "250 ms");
        assert_eq!(short_time(12.34), "12.3 s");
        assert_eq!(short_time(150.0), "2.5 min");
        assert_eq!(short_mib(4.31), "4.3 MiB");
        assert_eq!(short_mib(215.4), "215 MiB");
    }
}
