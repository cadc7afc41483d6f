package io.bimtsweep.core.task;

import static io.bimtsweep.core.Checks.check;

import io.bimtsweep.core.train.Dataset;
import io.bimtsweep.core.train.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.ExpressionBuilder;

/**
 * Symbolic regression: inputs x1..xn drawn uniformly from [low, high], targets given as formula
 * strings over them (exp4j syntax: + - * / ^, sin, cos, exp, log, sqrt, abs, tanh, pi, e...). The
 * paper's three symbolic tasks are instances with fixed formulas.
 */
public final class FormulaTask implements Task {
  private final String name;
  private final String description;
  private final List<String> fixedFormulas;
  private final int fixedInputs;
  private final Map<String, String> fixedProbes;

  private FormulaTask(String name, String description, List<String> formulas, int inputs, Map<String, String> probes) {
    this.name = name;
    this.description = description;
    this.fixedFormulas = formulas;
    this.fixedInputs = inputs;
    this.fixedProbes = probes;
  }

  /** A task with built-in formulas (only sizes and ranges are options). */
  public static FormulaTask fixed(String name, String description, int inputs, String... formulas) {
    return new FormulaTask(name, description, List.of(formulas), inputs, Map.of());
  }

  /** The same task with named quantities of its inputs for probes, e.g. {"(x1-x2)^2": "(x1-x2)^2"}. */
  public FormulaTask withProbes(Map<String, String> probes) {
    return new FormulaTask(name, description, fixedFormulas, fixedInputs, new LinkedHashMap<>(probes));
  }

  /** The user-defined task: formulas and input count are options. */
  public static FormulaTask user() {
    return new FormulaTask("formula", "user symbolic regression: outputs given as formulas over x1..xn", null, 0, Map.of());
  }

  @Override public String name() { return name; }
  @Override public String description() { return description; }

  @Override
  public Map<String, String> options() {
    Map<String, String> o = new LinkedHashMap<>();
    if (fixedFormulas == null) {
      o.put("outputs", "list of formulas over x1..xn, one per output, e.g. [\"x1*x2\", \"sin(pi*x3)\"]");
      o.put("inputs", "number of inputs n (default: the highest xi used)");
      o.put("probes", "named quantities over x1..xn for probes of hidden neurons, e.g. {d12: \"(x1-x2)^2\"}");
    }
    o.put("n_train", "training examples (default 100)");
    o.put("n_test", "test examples (default 100)");
    o.put("low", "lower end of the uniform input range (default -1)");
    o.put("high", "upper end of the uniform input range (default 1)");
    return o;
  }

  @Override
  public int trainingExamples(Map<String, Object> options) {
    return trainingExamples(read(options));
  }

  private static int trainingExamples(TaskOptions o) {
    return o.integer("n_train", 100, 1);
  }

  @Override
  public TaskData generate(Map<String, Object> options, long dataSeed) {
    TaskOptions o = read(options);
    List<String> formulas = fixedFormulas != null ? fixedFormulas : o.strings("outputs", null);
    check(formulas != null, "task 'formula' needs the option 'outputs': a list of formulas over x1..xn");
    int highest = 0;
    for (String f : formulas) {
      var m = java.util.regex.Pattern.compile("\\bx(\\d+)\\b").matcher(f);
      while (m.find()) {
        highest = Math.max(highest, Integer.parseInt(m.group(1)));
      }
    }
    int n = fixedFormulas != null ? fixedInputs : o.integer("inputs", Math.max(1, highest), 1);
    check(highest <= n, "formula uses x%d but the task has only %d inputs", highest, n);
    List<Expression> exprs = new ArrayList<>();
    String[] vars = new String[n];
    for (int i = 0; i < n; i++) {
      vars[i] = "x" + (i + 1);
    }
    for (String f : formulas) {
      check(java.util.regex.Pattern.compile("\\bx\\d+\\b").matcher(f).find(),
          "option 'outputs': formula '%s' uses no input variable (x1, x2, ...): a constant target teaches nothing", f);
      exprs.add(compile(f, vars));
    }
    int nTrain = trainingExamples(o);
    int nTest = o.integer("n_test", 100, 1);
    double low = o.number("low", -1);
    double high = o.number("high", 1);
    check(low < high, "task '%s': low (%s) must be below high (%s)", name, low, high);
    SplittableRandom rnd = new SplittableRandom(dataSeed);
    Dataset train = sample(exprs, formulas, vars, nTrain, low, high, rnd);
    Dataset test = sample(exprs, formulas, vars, nTest, low, high, rnd);
    List<String> outs = new ArrayList<>(formulas);
    return new TaskData(train, test, Loss.MSE, 0, List.of(vars), outs, extremeTargets(formulas, train, low, high));
  }

  /** Each formula's variables: output j depends on exactly the inputs its formula names. */
  @Override
  public List<java.util.Set<Integer>> dependencies(Map<String, Object> options) {
    List<String> formulas = fixedFormulas != null ? fixedFormulas : read(options).strings("outputs", null);
    if (formulas == null) {
      return null;
    }
    List<java.util.Set<Integer>> out = new ArrayList<>();
    for (String f : formulas) {
      java.util.Set<Integer> vars = new java.util.TreeSet<>();
      var m = java.util.regex.Pattern.compile("\\bx(\\d+)\\b").matcher(f);
      while (m.find()) {
        vars.add(Integer.parseInt(m.group(1)));
      }
      out.add(java.util.Collections.unmodifiableSet(vars));
    }
    return List.copyOf(out);
  }

  @Override
  public Map<String, double[]> probes(Map<String, Object> options, TaskData data) {
    Map<String, String> formulas = new LinkedHashMap<>(fixedProbes);
    Object user = options == null ? null : options.get("probes");
    if (user != null) {
      check(user instanceof Map, "task '%s' option 'probes' expects a mapping of name: formula, got %s", name, user);
      ((Map<?, ?>) user).forEach((k, v) -> formulas.put(String.valueOf(k), String.valueOf(v)));
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    if (formulas.isEmpty()) {
      return out;
    }
    int n = data.train().features();
    String[] vars = new String[n];
    for (int i = 0; i < n; i++) {
      vars[i] = "x" + (i + 1);
    }
    Dataset test = data.test();
    for (var e : formulas.entrySet()) {
      Expression ex = compile(e.getValue(), vars);
      double[] v = new double[test.size()];
      for (int s = 0; s < test.size(); s++) {
        for (int i = 0; i < n; i++) {
          ex.setVariable(vars[i], test.x()[s * n + i]);
        }
        v[s] = ex.evaluate();
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  /**
   * Formulas whose training targets span an extreme range (1/x1 near 0, exp(100*x1)): they train
   * "ok" to losses in the thousands or worse, which a sweep should say before it spends the time.
   * Extreme: some |y| above 1e3, or above 100 times the median |y| (and above 10).
   */
  static List<String> extremeTargets(List<String> formulas, Dataset train, double low, double high) {
    List<String> out = new ArrayList<>();
    int k = formulas.size();
    int n = train.size();
    for (int j = 0; j < k; j++) {
      double[] a = new double[n];
      for (int s = 0; s < n; s++) {
        a[s] = Math.abs(train.y()[s * k + j]);
      }
      double[] sorted = a.clone();
      java.util.Arrays.sort(sorted);
      double max = sorted[n - 1];
      double median = sorted[n / 2];
      if (max > 1e3 || max > 10 && max > 100 * median) {
        out.add(String.format(java.util.Locale.ROOT, "formula '%s' has targets up to |y| = %.3g (median %.3g) on [%s, %s]: "
            + "MSE training over such a range rarely converges; rescale the formula or narrow low/high", formulas.get(j),
            max, median, low, high));
      }
    }
    return out;
  }

  static Expression compile(String formula, String[] vars) {
    check(formula != null && !formula.isBlank(), "malformed formula: empty");
    try {
      Expression e = new ExpressionBuilder(formula).variables(vars).build();
      var v = e.validate(false);
      check(v.isValid(), "malformed formula '%s': %s", formula, v.getErrors() == null ? "invalid" : String.join("; ", v.getErrors()));
      return e;
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new IllegalArgumentException(msg != null && msg.startsWith("malformed formula") ? msg
          : "malformed formula '" + formula + "': " + msg);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed formula '" + formula + "': " + e.getMessage());
    }
  }

  private Dataset sample(List<Expression> exprs, List<String> texts, String[] vars, int count, double low, double high,
      SplittableRandom rnd) {
    int n = vars.length;
    int k = exprs.size();
    double[] x = new double[count * n];
    double[] y = new double[count * k];
    for (int s = 0; s < count; s++) {
      for (int i = 0; i < n; i++) {
        x[s * n + i] = rnd.nextDouble(low, high);
      }
      for (int j = 0; j < k; j++) {
        Expression e = exprs.get(j);
        for (int i = 0; i < n; i++) {
          e.setVariable(vars[i], x[s * n + i]);
        }
        double v = e.evaluate();
        check(Double.isFinite(v), "formula '%s' is not finite at an input in [%s, %s] (e.g. log or sqrt of a negative, or division by 0)",
            texts.get(j), low, high);
        y[s * k + j] = v;
      }
    }
    return Dataset.regression(x, n, y, k);
  }
}
