#!/usr/bin/python3
"""Independent PyTorch reference of DeOldify's NoGAN critic, for the Java tests.

Builds, from a seed, a network with exactly the state-dict keys and shapes of a DeOldify critic
file (ColorizeArtistic_crit.pth: custom_gan_critic(n_channels=3, nf=256, n_blocks=3, p=0.15)),
at a size the tests choose (--nf, --blocks), writes its state dict as fastai's Learner.save
stores it, and computes what colorize's NoGAN critic step computes, in float32 and float64.

Where the structure comes from (jantic/DeOldify; fastai v1 is vendored in it):
    deoldify/critics.py   custom_gan_critic: [_conv(3, nf, 4, 2), Dropout2d(p/2)], then per
                          block i: _conv(nf, nf, 3), Dropout2d(p), _conv(nf, 2nf, 4, 2,
                          self_attention=(i == 0)); nf *= 2; then _conv(nf, nf, 3),
                          _conv(nf, 1, 4, bias=False, padding=0, use_activ=False), Flatten().
                          _conv = conv_layer(leaky=0.2, norm_type=NormType.Spectral)
    fastai/layers.py      conv_layer: padding (ks-1)//2, bias = not bn (True here), spectral_norm
                          (conv), LeakyReLU(0.2) if use_activ, SelfAttention(nf) last;
                          SelfAttention: gamma, spectral conv1d query/key (C/8), value (C)
    fastai/vision/gan.py  AdaptiveLoss(BCEWithLogitsLoss()): the label expanded to every logit;
                          gan_loss_from_func: critic (BCE(real, 1) + BCE(fake, 0)) / 2,
                          generator's adversarial term BCE(fake, 1)

Weights (torch.manual_seed(seed)): orthogonal convolutions (fastai's kaiming normal ones, divided
by their largest singular value, shrink the signal so much that the logits stay within 1% of
each other and the comparison would test little), biases
~U(-0.1, 0.1) and every SelfAttention gamma 0.3 (a fresh fastai critic has zero biases and gamma,
which would leave those paths untested), then 15 power iterations on every spectral u/v.

Dropout2d: colorize draws its channel masks itself (from its seeded, checkpointed noise), so this
reference takes them from --masks instead of PyTorch's generator: in a training pass each
Dropout2d multiplies its input by the given [N, C, 1, 1] mask; in eval mode it is the identity.

Run (Debian's python3 with torch 1.13; no network):
    deoldify_critic_reference.py --nf 16 --blocks 3 --seed 7 --weights OUT.pth
        [--format legacy|zip] [--wrap bare|fastai] [--weights ...]
        --real R.f32 --fake F.f32 --shape N,3,H,W --out DIR [--masks M.f32]
    deoldify_critic_reference.py --load FILE.pth --nf 16 --blocks 3 ... (instead of seeding:
        torch.load, load_state_dict(strict=True); the check that PyTorch code loads colorize's
        export)
--wrap fastai writes {'model': sd, 'opt': ...} as fastai's Learner.save(with_opt=True) does: the
torch Adam state after one step, with fastai's numpy hyper-parameters (lr and betas as
numpy.float64, a numpy array beside them).
Writes to DIR, each as raw little-endian float32 (64 = from a float64 copy of the network):
    scores-real.f32 scores-fake.f32 scores64-*.f32   eval-mode logits [N, L]
    losses.f32           [critic32, adversarial32, critic64, adversarial64] in eval mode
    grad-<key>.f32 grad64-<key>.f32    eval-mode gradient of the critic loss for GRAD_KEYS
    grad-fake.f32 grad64-fake.f32      gradient of the adversarial term by the fake images
With --masks (the real pass's masks, then the fake pass's, layer by layer, each [N, C]): one
training pass as colorize's critic step does it, real images first then fake (each pass one
spectral power iteration), then backward of the critic loss:
    train-losses.f32 [loss32, loss64]; train-grad-<key>.f32, train-grad64-<key>.f32;
    train-u.f32 (every weight_u after the pass, concatenated in state-dict order)
"""
import argparse
import copy
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import spectral_norm

P = 0.15


class MaskedDropout2d(nn.Module):
    """Dropout2d whose masks are given: identity in eval mode or without a mask."""

    def __init__(self, p):
        super().__init__()
        self.p = p
        self.mask = None

    def forward(self, x):
        if self.training and self.mask is not None:
            return x * self.mask
        return x


class SelfAttention(nn.Module):
    def __init__(self, n_channels):
        super().__init__()

        def conv1d(ni, no):
            c = nn.Conv1d(ni, no, 1, bias=False)
            nn.init.kaiming_normal_(c.weight)
            return spectral_norm(c)

        self.query = conv1d(n_channels, n_channels // 8)
        self.key = conv1d(n_channels, n_channels // 8)
        self.value = conv1d(n_channels, n_channels)
        self.gamma = nn.Parameter(torch.tensor([0.0]))

    def forward(self, x):
        shape = x.shape
        flat = x.reshape(shape[0], shape[1], -1)
        f, g, h = self.query(flat), self.key(flat), self.value(flat)
        beta = torch.softmax(torch.bmm(f.transpose(1, 2), g), dim=1)
        return (self.gamma * torch.bmm(h, beta) + flat).reshape(shape)


def conv_layer(ni, nf, ks, stride=1, padding=None, bias=True, use_activ=True,
               self_attention=False):
    if padding is None:
        padding = (ks - 1) // 2
    conv = nn.Conv2d(ni, nf, kernel_size=ks, stride=stride, padding=padding, bias=bias)
    nn.init.kaiming_normal_(conv.weight)
    if bias:
        conv.bias.data.zero_()
    layers = [spectral_norm(conv)]
    if use_activ:
        layers.append(nn.LeakyReLU(0.2, inplace=True))
    if self_attention:
        layers.append(SelfAttention(nf))
    return nn.Sequential(*layers)


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(x.size(0), -1)


def build(nf, n_blocks):
    layers = [conv_layer(3, nf, 4, 2), MaskedDropout2d(P / 2)]
    for i in range(n_blocks):
        layers += [conv_layer(nf, nf, 3), MaskedDropout2d(P),
                   conv_layer(nf, nf * 2, 4, 2, self_attention=(i == 0))]
        nf *= 2
    layers += [conv_layer(nf, nf, 3), conv_layer(nf, 1, 4, bias=False, padding=0,
                                                  use_activ=False), Flatten()]
    return nn.Sequential(*layers)


def spectral_modules(model):
    return [m for m in model.modules() if hasattr(m, "weight_u")]


def make_model(nf, n_blocks, seed):
    torch.manual_seed(seed)
    model = build(nf, n_blocks)
    with torch.no_grad():
        for m in model.modules():
            if hasattr(m, "weight_orig"):
                # equal singular values: with spectral norm every direction keeps its scale, so
                # the logits vary (kaiming weights left them within 1% of each other)
                nn.init.orthogonal_(m.weight_orig.view(m.weight_orig.shape[0], -1))
            if isinstance(m, nn.Conv2d) and m.bias is not None:
                m.bias.uniform_(-0.1, 0.1)
            if isinstance(m, SelfAttention):
                m.gamma.fill_(0.3)
        for m in spectral_modules(model):
            w = m.weight_orig.reshape(m.weight_orig.shape[0], -1)
            u, v = m.weight_u, m.weight_v
            for _ in range(15):
                v.copy_(F.normalize(w.t() @ u, dim=0, eps=1e-12))
                u.copy_(F.normalize(w @ v, dim=0, eps=1e-12))
    return model.eval()


def grad_keys(model):
    """Every convolution's weight_orig and bias, and the attention's query and gamma."""
    return [k for k, _ in model.named_parameters()
            if k.endswith(".weight_orig") or k.endswith(".bias") or k.endswith(".gamma")]


def dropouts(model):
    return [m for m in model if isinstance(m, MaskedDropout2d)]


def bce(scores, label):
    return F.binary_cross_entropy_with_logits(scores, torch.full_like(scores, label))


def critic_loss(model, real, fake):
    return (bce(model(real), 1.0) + bce(model(fake), 0.0)) / 2


def write(path, tensor):
    tensor.detach().numpy().astype("<f4").tofile(path)


def fastai_opt_state(model):
    """The 'opt' entry of fastai's Learner.save: torch Adam's state dict after one step, with
    the numpy scalars and arrays fastai's schedulers leave in its hyper-parameters."""
    probe = copy.deepcopy(model).train()
    opt = torch.optim.Adam(probe.parameters(), lr=1e-3, betas=(0.9, 0.99))
    probe(torch.randn(1, 3, 64, 64)).mean().backward()
    opt.step()
    state = opt.state_dict()
    for group in state["param_groups"]:
        group["lr"] = np.float64(1e-3)
        group["betas"] = (np.float64(0.9), 0.99)
        group["fastai_lrs"] = np.array([1e-3, 2e-3])
    return state


def main(argv=None):
    ap = argparse.ArgumentParser(description="DeOldify critic reference (see docstring)")
    ap.add_argument("--nf", type=int, default=256)
    ap.add_argument("--blocks", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--weights", action="append", default=[])
    ap.add_argument("--format", action="append", choices=["zip", "legacy"], default=[])
    ap.add_argument("--wrap", action="append", choices=["bare", "fastai"], default=[])
    ap.add_argument("--load")
    ap.add_argument("--real")
    ap.add_argument("--fake")
    ap.add_argument("--shape")
    ap.add_argument("--masks")
    ap.add_argument("--out")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    if args.load:
        model = build(args.nf, args.blocks)
        model.load_state_dict(torch.load(args.load, map_location="cpu"), strict=True)
        model.eval()
        print("loaded %s strictly" % args.load)
    else:
        model = make_model(args.nf, args.blocks, args.seed)
    start = copy.deepcopy(model)  # before any pass: spectral norm's derived weights cannot copy
    wide = copy.deepcopy(model).double()
    sd = model.state_dict()
    for i, path in enumerate(args.weights):
        fmt = args.format[i] if i < len(args.format) else "zip"
        wrap = args.wrap[i] if i < len(args.wrap) else "bare"
        obj = {"model": sd, "opt": fastai_opt_state(model)} if wrap == "fastai" else sd
        torch.save(obj, path, _use_new_zipfile_serialization=(fmt == "zip"))
        print("wrote %s (%s, %s): %d tensors" % (path, fmt, wrap, len(sd)))
    if not args.real:
        return 0

    shape = tuple(int(s) for s in args.shape.split(","))
    real_np = np.fromfile(args.real, dtype="<f4").reshape(shape)
    fake_np = np.fromfile(args.fake, dtype="<f4").reshape(shape)
    keys = grad_keys(model)
    for suffix, net, dtype in (("", model, np.float32), ("64", wide, np.float64)):
        real = torch.from_numpy(real_np.astype(dtype))
        fake = torch.from_numpy(fake_np.astype(dtype)).requires_grad_(True)
        net.eval()
        net.zero_grad()
        with torch.no_grad():
            write(os.path.join(args.out, "scores%s-real.f32" % suffix), net(real))
            write(os.path.join(args.out, "scores%s-fake.f32" % suffix), net(fake))
        loss = critic_loss(net, real, fake.detach())
        loss.backward()
        params = dict(net.named_parameters())
        for key in keys:
            write(os.path.join(args.out, "grad%s-%s.f32" % (suffix, key)), params[key].grad)
        adversarial = bce(net(fake), 1.0)
        adversarial.backward()
        write(os.path.join(args.out, "grad%s-fake.f32" % suffix), fake.grad)
        values = [loss.item(), adversarial.item()]
        if suffix == "":
            losses = values
        else:
            losses += values
    np.array(losses, dtype="<f4").tofile(os.path.join(args.out, "losses.f32"))
    print("critic loss %.6f, adversarial %.6f, eval logits std %.4f"
          % (losses[0], losses[1], model(torch.from_numpy(real_np)).std().item()))

    if args.masks:
        n = shape[0]
        sizes = [n * args.nf] + [n * (args.nf << i) for i in range(args.blocks)]
        flat = np.fromfile(args.masks, dtype="<f4")
        if flat.size != 2 * sum(sizes):
            raise SystemExit("--masks has %d values, the two passes need %d"
                             % (flat.size, 2 * sum(sizes)))
        train_losses = []
        for suffix, dtype in (("", np.float32), ("64", np.float64)):
            net = copy.deepcopy(start)
            if dtype == np.float64:
                net = net.double()
            net.train()
            net.zero_grad()
            offset = 0
            passes = []
            for _ in range(2):
                masks = []
                for size, m in zip(sizes, dropouts(net)):
                    values = flat[offset:offset + size].astype(dtype)
                    masks.append(torch.from_numpy(values).reshape(n, -1, 1, 1))
                    offset += size
                passes.append(masks)

            def run(images, masks):
                for m, mask in zip(dropouts(net), masks):
                    m.mask = mask
                return net(images)

            real = torch.from_numpy(real_np.astype(dtype))
            fake = torch.from_numpy(fake_np.astype(dtype))
            loss = (bce(run(real, passes[0]), 1.0) + bce(run(fake, passes[1]), 0.0)) / 2
            loss.backward()
            params = dict(net.named_parameters())
            for key in keys:
                write(os.path.join(args.out, "train-grad%s-%s.f32" % (suffix, key)),
                      params[key].grad)
            train_losses.append(loss.item())
            if suffix == "":
                us = [b.detach().reshape(-1) for k, b in net.state_dict().items()
                      if k.endswith(".weight_u")]
                write(os.path.join(args.out, "train-u.f32"), torch.cat(us))
        np.array(train_losses, dtype="<f4").tofile(os.path.join(args.out, "train-losses.f32"))
        print("train-mode critic loss %.6f (float64 %.6f)" % tuple(train_losses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
