#!/usr/bin/env python3
"""Reference values for AnalysisEngineTests, computed independently of the Java code.

Run with Python 3, numpy and scipy (checked with scipy 1.17, numpy 2.4):

    python3 execution-service/src/test/resources/analysis/reference.py

Sources: NIST StRD certified values (Longley, Norris) for linear regression, checked here against
numpy's least squares; scipy.stats for the tests, correlations, quartiles and regressions; a plain
numpy Newton-Raphson for logistic regression (statsmodels is not installed), cross-checked with
scipy.optimize. The datasets are typed in below and in the Java tests alike.
"""
from collections import Counter

import numpy as np
from scipy import optimize, stats
from scipy.spatial.distance import cdist

np.set_printoptions(precision=17)


def show(label, value):
    print(f"{label} = {np.array2string(np.asarray(value), precision=17, separator=', ')}")


# ---------------------------------------------------------------- NIST StRD Longley
LONGLEY = np.array([
    [60323, 83.0, 234289, 2356, 1590, 107608, 1947],
    [61122, 88.5, 259426, 2325, 1456, 108632, 1948],
    [60171, 88.2, 258054, 3682, 1616, 109773, 1949],
    [61187, 89.5, 284599, 3351, 1650, 110929, 1950],
    [63221, 96.2, 328975, 2099, 3099, 112075, 1951],
    [63639, 98.1, 346999, 1932, 3594, 113270, 1952],
    [64989, 99.0, 365385, 1870, 3547, 115094, 1953],
    [63761, 100.0, 363112, 3578, 3350, 116219, 1954],
    [66019, 101.2, 397469, 2904, 3048, 117388, 1955],
    [67857, 104.6, 419180, 2822, 2857, 118734, 1956],
    [68169, 108.4, 442769, 2936, 2798, 120445, 1957],
    [66513, 110.8, 444546, 4681, 2637, 121950, 1958],
    [68655, 112.6, 482704, 3813, 2552, 123366, 1959],
    [69564, 114.2, 502601, 3931, 2514, 125368, 1960],
    [69331, 115.7, 518173, 4806, 2572, 127852, 1961],
    [70551, 116.9, 554894, 4007, 2827, 130081, 1962],
])
LONGLEY_CERTIFIED_B = [-3482258.63459582, 15.0618722713733, -0.358191792925910e-01, -2.02022980381683,
                       -1.03322686717359, -0.511041056535807e-01, 1829.15146461355]
LONGLEY_CERTIFIED_SE = [890420.383607373, 84.9149257747669, 0.334910077722432e-01, 0.488399681651699,
                        0.214274163161675, 0.226073200069370, 455.478499142212]
LONGLEY_CERTIFIED_R2 = 0.995479004577296
LONGLEY_CERTIFIED_F = 330.285339234588

NORRIS = np.array([
    [0.1, 0.2], [338.8, 337.4], [118.1, 118.2], [888.0, 884.6], [9.2, 10.1], [228.1, 226.5],
    [668.5, 666.3], [998.5, 996.3], [449.1, 448.6], [778.9, 777.0], [559.2, 558.2], [0.3, 0.4],
    [0.1, 0.6], [778.1, 775.5], [668.8, 666.9], [339.3, 338.0], [448.9, 447.5], [10.8, 11.6],
    [557.7, 556.0], [228.3, 228.1], [998.0, 995.8], [888.8, 887.6], [119.6, 120.2], [0.3, 0.3],
    [0.6, 0.3], [557.6, 556.8], [339.3, 339.1], [888.0, 887.2], [998.5, 999.0], [778.9, 779.0],
    [10.2, 11.1], [117.6, 118.3], [228.9, 229.2], [668.4, 669.1], [449.2, 448.9], [0.2, 0.5],
])
NORRIS_CERTIFIED_B = [-0.262323073774029, 1.00211681802045]
NORRIS_CERTIFIED_SE = [0.232818234301152, 0.429796848199937e-03]
NORRIS_CERTIFIED_R2 = 0.999993745883712


def ols(y, x):
    """Least squares with intercept by numpy, with the classical standard errors."""
    X = np.column_stack([np.ones(len(y)), x])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    n, p = X.shape
    sigma2 = resid @ resid / (n - p)
    se = np.sqrt(np.diag(sigma2 * np.linalg.inv(X.T @ X)))
    r2 = 1 - resid @ resid / np.sum((y - y.mean()) ** 2)
    f = (r2 / (p - 1)) / ((1 - r2) / (n - p))
    return beta, se, r2, f, stats.f.sf(f, p - 1, n - p), 2 * stats.t.sf(np.abs(beta / se), n - p)


print("# Longley: numpy agrees with the NIST certified values (relative difference)")
b, se, r2, f, fp, p = ols(LONGLEY[:, 0], LONGLEY[:, 1:])
show("longley max rel diff beta", np.max(np.abs((b - LONGLEY_CERTIFIED_B) / LONGLEY_CERTIFIED_B)))
show("longley max rel diff se", np.max(np.abs((se - LONGLEY_CERTIFIED_SE) / LONGLEY_CERTIFIED_SE)))
show("longley r2 diff", r2 - LONGLEY_CERTIFIED_R2)
show("longley F rel diff", (f - LONGLEY_CERTIFIED_F) / LONGLEY_CERTIFIED_F)
show("longley adjusted r2", 1 - (1 - r2) * 15 / 9)
show("longley F p-value (scipy.stats.f.sf)", fp)
show("longley coefficient p-values (scipy.stats.t.sf)", p)

print("# Norris")
b, se, r2, f, fp, p = ols(NORRIS[:, 0], NORRIS[:, 1])
show("norris max rel diff beta", np.max(np.abs((b - NORRIS_CERTIFIED_B) / NORRIS_CERTIFIED_B)))
show("norris max rel diff se", np.max(np.abs((se - NORRIS_CERTIFIED_SE) / NORRIS_CERTIFIED_SE)))
show("norris r2 diff", r2 - NORRIS_CERTIFIED_R2)
show("norris F (NIST certifies 5436385.54079785)", f)

# ---------------------------------------------------------------- mtcars (R datasets, Motor Trend 1974)
# mpg, cyl, hp, wt, am
MTCARS = np.array([
    [21.0, 6, 110, 2.620, 1], [21.0, 6, 110, 2.875, 1], [22.8, 4, 93, 2.320, 1], [21.4, 6, 110, 3.215, 0],
    [18.7, 8, 175, 3.440, 0], [18.1, 6, 105, 3.460, 0], [14.3, 8, 245, 3.570, 0], [24.4, 4, 62, 3.190, 0],
    [22.8, 4, 95, 3.150, 0], [19.2, 6, 123, 3.440, 0], [17.8, 6, 123, 3.440, 0], [16.4, 8, 180, 4.070, 0],
    [17.3, 8, 180, 3.730, 0], [15.2, 8, 180, 3.780, 0], [10.4, 8, 205, 5.250, 0], [10.4, 8, 215, 5.424, 0],
    [14.7, 8, 230, 5.345, 0], [32.4, 4, 66, 2.200, 1], [30.4, 4, 52, 1.615, 1], [33.9, 4, 65, 1.835, 1],
    [21.5, 4, 97, 2.465, 0], [15.5, 8, 150, 3.520, 0], [15.2, 8, 150, 3.435, 0], [13.3, 8, 245, 3.840, 0],
    [19.2, 8, 175, 3.845, 0], [27.3, 4, 66, 1.935, 1], [26.0, 4, 91, 2.140, 1], [30.4, 4, 113, 1.513, 1],
    [15.8, 8, 264, 3.170, 1], [19.7, 6, 175, 2.770, 1], [15.0, 8, 335, 3.570, 1], [21.4, 4, 109, 2.780, 1],
])
mpg, cyl, hp, wt, am = MTCARS.T
show("mtcars means mpg hp wt (R: 20.09062 146.6875 3.21725)", [mpg.mean(), hp.mean(), wt.mean()])

print("# Describe (numpy percentile 'linear' = R type 7, std ddof=1)")
for name, col in [("mpg", mpg), ("hp", hp)]:
    show(f"describe {name} mean std min q1 median q3 max",
         [col.mean(), col.std(ddof=1), col.min(), *np.percentile(col, [25, 50, 75]), col.max()])
transmission = ["manual" if a else "automatic" for a in am]
show("describe transmission most common", Counter(transmission).most_common(1))

print("# Correlation (scipy.stats.pearsonr / spearmanr)")
for a_name, a, b_name, bb in [("mpg", mpg, "hp", hp), ("mpg", mpg, "wt", wt), ("hp", hp, "wt", wt)]:
    r = stats.pearsonr(a, bb)
    s = stats.spearmanr(a, bb)
    show(f"pearson {a_name} {b_name} r p", [r.statistic, r.pvalue])
    show(f"spearman {a_name} {b_name} rho p", [s.statistic, s.pvalue])

print("# Linear regression mpg ~ hp + wt (numpy lstsq, scipy t/f)")
b, se, r2, f, fp, p = ols(mpg, np.column_stack([hp, wt]))
show("mtcars ols beta", b)
show("mtcars ols se", se)
show("mtcars ols p", p)
show("mtcars ols r2 adj f fp", [r2, 1 - (1 - r2) * 31 / 29, f, fp])


print("# Logistic regression am ~ hp + wt (numpy Newton-Raphson; R glm gives 18.86630, 0.03626, -8.08348)")
def logistic(y, x):
    X = np.column_stack([np.ones(len(y)), x])
    beta = np.zeros(X.shape[1])
    for _ in range(100):
        prob = 1 / (1 + np.exp(-X @ beta))
        hessian = X.T @ (X * (prob * (1 - prob))[:, None])
        step = np.linalg.solve(hessian, X.T @ (y - prob))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    prob = 1 / (1 + np.exp(-X @ beta))
    hessian = X.T @ (X * (prob * (1 - prob))[:, None])
    se = np.sqrt(np.diag(np.linalg.inv(hessian)))
    ll = np.sum(y * np.log(prob) + (1 - y) * np.log(1 - prob))
    p0 = y.mean()
    ll0 = len(y) * (p0 * np.log(p0) + (1 - p0) * np.log(1 - p0))
    return X, beta, se, ll, ll0


X, beta, se, ll, ll0 = logistic(am, np.column_stack([hp, wt]))
nll = lambda bb: -np.sum(am * (X @ bb) - np.logaddexp(0, X @ bb))
check = optimize.minimize(nll, np.zeros(3), method="BFGS", options={"gtol": 1e-10})
show("logistic beta", beta)
show("logistic beta scipy.optimize (cross-check)", check.x)
show("logistic se", se)
show("logistic z p", [beta / se, 2 * stats.norm.sf(np.abs(beta / se))])
show("logistic odds ratios", np.exp(beta))
show("logistic ll ll0 mcfadden", [ll, ll0, 1 - ll / ll0])
show("logistic LR chi2 p", [2 * (ll - ll0), stats.chi2.sf(2 * (ll - ll0), 2)])

print("# Welch t-test mpg by am (scipy.stats.ttest_ind equal_var=False; R: t = -3.7671, df = 18.332)")
manual, automatic = mpg[am == 1], mpg[am == 0]
t = stats.ttest_ind(automatic, manual, equal_var=False)
ci = t.confidence_interval(0.95)
show("ttest t p df", [t.statistic, t.pvalue, t.df])
show("ttest mean diff ci", [automatic.mean() - manual.mean(), ci.low, ci.high])
show("ttest group std automatic manual", [automatic.std(ddof=1), manual.std(ddof=1)])

print("# One-way ANOVA mpg by cyl (scipy.stats.f_oneway)")
groups = [mpg[cyl == c] for c in (4, 6, 8)]
a = stats.f_oneway(*groups)
grand = mpg.mean()
ssb = sum(len(g) * (g.mean() - grand) ** 2 for g in groups)
show("anova F p", [a.statistic, a.pvalue])
show("anova eta squared", ssb / np.sum((mpg - grand) ** 2))
show("anova group means std", [[g.mean(), g.std(ddof=1)] for g in groups])

print("# Chi-square cyl x am (scipy.stats.chi2_contingency, correction=False; R: X-squared = 8.7407)")
table = np.array([[np.sum((cyl == c) & (am == m)) for m in (0, 1)] for c in (4, 6, 8)])
c = stats.chi2_contingency(table, correction=False)
show("chi2 table", table)
show("chi2 stat p dof", [c.statistic, c.pvalue, c.dof])
show("chi2 cramers v", np.sqrt(c.statistic / (table.sum() * (min(table.shape) - 1))))
show("chi2 expected", c.expected_freq)

print("# Outliers hp (numpy percentile linear; z with ddof=1)")
q1, q3 = np.percentile(hp, [25, 75])
show("iqr q1 q3 lower upper", [q1, q3, q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)])
z = (hp - hp.mean()) / hp.std(ddof=1)
show("z outliers (|z| > 2) values z", [hp[np.abs(z) > 2], z[np.abs(z) > 2]])
show("z bounds mean +- 2 sd", [hp.mean() - 2 * hp.std(ddof=1), hp.mean() + 2 * hp.std(ddof=1)])

print("# Trend: 24 months from 2022-01 (scipy.stats.linregress, prediction interval by formula)")
SALES = np.array([200.0, 204.7, 205.0, 205.1, 210.5, 211.0, 219.5, 229.1, 223.1, 225.7, 234.4, 237.0,
                  238.9, 236.9, 244.7, 251.5, 244.5, 252.1, 248.1, 254.4, 254.8, 266.0, 264.1, 275.0])
x = np.arange(len(SALES), dtype=float)
lr = stats.linregress(x, SALES)
show("trend slope intercept r2 p", [lr.slope, lr.intercept, lr.rvalue ** 2, lr.pvalue])
n = len(SALES)
s = np.sqrt(np.sum((SALES - (lr.intercept + lr.slope * x)) ** 2) / (n - 2))
future = np.arange(n, n + 6, dtype=float)
half = stats.t.ppf(0.975, n - 2) * s * np.sqrt(1 + 1 / n + (future - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2))
fit = lr.intercept + lr.slope * future
show("trend forecast", fit)
show("trend lower", fit - half)
show("trend upper", fit + half)

print("# k-means: three separated groups (numpy means, silhouette via scipy cdist on z-scores)")
KX = [0.03, 1.36, 1.22, -0.51, -0.3, -0.53, 0.57, -0.06, 0.75, -1.85, 1.57, -0.1,
      8.08, 9.19, 9.53, 8.81, 8.51, 10.04, 10.9, 9.77, 9.26, 10.38,
      -0.66, -0.84, -1.73, 0.13, 0.53, -0.74, 1.39, 0.82]
KY = [6.8, -1.4, -3.8, 4.6, 8.2, -2.0, -1.5, 6.9, -8.7, -15.1, 3.9, -6.7,
      107.2, 97.0, 105.4, 110.4, 97.9, 91.9, 103.5, 102.5, 111.0, 87.2,
      206.3, 204.0, 209.6, 186.7, 206.1, 206.0, 182.3, 203.5]
labels = np.repeat([0, 1, 2], [12, 10, 8])
points = np.column_stack([KX, KY])
for g in range(3):
    show(f"kmeans group {g} size mean", [np.sum(labels == g), *points[labels == g].mean(axis=0)])
zs = (points - points.mean(axis=0)) / points.std(axis=0, ddof=1)
d = cdist(zs, zs)
sil = []
for i in range(len(zs)):
    own = labels == labels[i]
    a_i = d[i, own].sum() / (own.sum() - 1)
    b_i = min(d[i, labels == g].mean() for g in range(3) if g != labels[i])
    sil.append((b_i - a_i) / max(a_i, b_i))
show("kmeans silhouette", np.mean(sil))

print("# Trend over years 2010 to 2019: the first ten values (scipy.stats.linregress)")
show("yearly slope", stats.linregress(np.arange(2010, 2020), SALES[:10]).slope)
